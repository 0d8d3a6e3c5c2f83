/**
 * Writes the DMS events of the demo month, one JSON object a line, for
 * `dealercare-rules simulate --events …` (the copy in packages/core/test/simulate is this file's
 * output; a test checks it is current).
 *
 * Run: pnpm --filter @dealercare/example-quickstart month-events [file]
 */
import { writeFileSync } from 'node:fs';
import type { DmsEventInput } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { runMonth } from './month-at-dealer';

/** The demo month's DMS events as JSON lines, in the order the month ingests them. */
export async function monthEventsJsonl(): Promise<string> {
  const events: DmsEventInput[] = [];
  const storage = memoryStorage();
  await runMonth({ storage, onEvents: (day) => events.push(...day) });
  await storage.close();
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

if (process.argv[1]?.endsWith('month-events.ts')) {
  const file = process.argv[2] ?? 'demo-month.jsonl';
  writeFileSync(file, await monthEventsJsonl());
  console.log(`wrote ${file}`);
}
