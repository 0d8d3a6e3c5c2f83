/**
 * The README's demo: a month at a Great Wall dealer on the embedded SQLite store.
 * Each run starts from a fresh database file, `.data/quickstart.db` in this folder.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { SingleBar } from 'cli-progress';
import { runMonth } from './month-at-dealer';

const dataDir = fileURLToPath(new URL('../.data/', import.meta.url));
const filename = `${dataDir}quickstart.db`;
mkdirSync(dataDir, { recursive: true });
for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });

console.log('A month at a Great Wall dealer, March 2026 (great-wall rule pack, China calendar)');
console.log(`database: ${filename} (a fresh file each run)\n`);
const bar = new SingleBar({ format: 'simulating {bar} day {value}/{total}', hideCursor: true });
bar.start(31, 0);
const storage = sqliteStorage({ filename });
const summary = await runMonth({ storage, onDay: (day) => bar.update(day) });
bar.stop();

console.log('\nVisits');
console.table(summary.visitsByState);
console.table({
  'DMS events ingested': summary.dmsEvents,
  'events announced': summary.announced,
  'visits completed on time': summary.completedOnTime,
  'visits completed late': summary.completedLate,
  ...Object.fromEntries(Object.entries(summary.meanIndex).map(([s, i]) => [`mean index ${s}`, i])),
});
console.log('Opinion cases');
console.table(summary.opinionCasesByState);
console.log('Complaints');
console.table({
  ...summary.complaintsByState,
  ...summary.complaintsByTier,
  escalations: summary.escalations,
});
await storage.close();
