/**
 * The README's demo: a month at a Great Wall dealer on the embedded SQLite store.
 * Each run starts from a fresh database file, `.data/quickstart.db` in this folder.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRulePack, SHIPPED_PACKS } from '@dealercare/core';
import { buildReport, monthPeriod, renderHtml, renderXlsx } from '@dealercare/reports';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { SingleBar } from 'cli-progress';
import { DEALER, runMonth } from './month-at-dealer';

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
console.table(summary.visitsByType);
console.table({
  'DMS events ingested': summary.dmsEvents,
  'events announced': summary.announced,
  'visits completed on time': summary.completedOnTime,
  'visits completed late': summary.completedLate,
  ...Object.fromEntries(Object.entries(summary.meanIndex).map(([s, i]) => [`mean index ${s}`, i])),
});
console.log("Reports due (the pack's cadence, announced as report.due)");
console.table(summary.reportsDue);
console.log('Opinion cases');
console.table(summary.opinionCasesByState);
console.log('Complaints');
console.table({
  ...summary.complaintsByState,
  ...summary.complaintsByTier,
  escalations: summary.escalations,
});

// The month's report, from the same database: masked personal data, Chinese labels.
const report = await buildReport(storage, {
  dealerId: DEALER,
  dealerName: '石家庄长城4S店',
  period: monthPeriod(2026, 3),
  rules: loadRulePack(SHIPPED_PACKS['great-wall']),
  asOf: new Date('2026-03-31T18:30:00+08:00'),
});
const html = `${dataDir}report.html`;
const xlsx = `${dataDir}report.xlsx`;
writeFileSync(html, renderHtml(report, { locale: 'zh-CN' }));
writeFileSync(xlsx, await renderXlsx(report, { locale: 'zh-CN' }));
console.log(`report: ${html}\n        ${xlsx}`);
await storage.close();
