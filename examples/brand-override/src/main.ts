/**
 * A dealer pack on top of the great-wall brand pack: validate it, then run the same morning of
 * DMS events under both and print the visits each produces.
 *
 * Run from the repository root: pnpm example:override
 */
import { readFileSync } from 'node:fs';
import { loadRulePack, SHIPPED_PACKS, simulationLines, whyLines } from '@dealercare/core';
import { explainUnder, scheduleSwitch, simulateChange } from './change-safely';
import { brandCalendar, dealerCalendar, visitsUnder } from './compare-visits';
import { SAMPLE_EVENTS } from './sample-events';

const file = new URL('../dealer-pack.json', import.meta.url);
const dealer = loadRulePack(JSON.parse(readFileSync(file, 'utf8')));
console.log(
  `dealer-pack.json: ok (${dealer.pack.id} ${dealer.pack.version}, extends great-wall, ${dealer.pack.visits.length} visit rules)`,
);

const brand = await visitsUnder(
  loadRulePack(SHIPPED_PACKS['great-wall']),
  brandCalendar,
  SAMPLE_EVENTS,
);
const mine = await visitsUnder(dealer, dealerCalendar, SAMPLE_EVENTS);
const key = (v: { event: string; rule: string }) => `${v.event} ${v.rule}`;
const rows = [...new Set([...brand, ...mine].map(key))].map((k) => {
  const b = brand.find((v) => key(v) === k);
  const d = mine.find((v) => key(v) === k);
  const show = (v: typeof b) => (v ? `${v.state} ${v.opensAt} → ${v.dueAt}` : '—');
  return { visit: k, 'great-wall': show(b), dealer: show(d), changed: show(b) !== show(d) };
});
console.table(rows);

// Changing a pack safely: explain, simulate, schedule.
const brandPack = loadRulePack(SHIPPED_PACKS['great-wall']);
const generalRepair = SAMPLE_EVENTS.find((e) => e.sourceId === 'RO-3')!;
console.log('\n1. Why (not), RO-3 under the dealer pack:');
for (const line of whyLines(explainUnder(dealer, generalRepair))) console.log(line);

console.log('\n2. Simulate the morning under the dealer pack against great-wall:');
for (const line of simulationLines(await simulateChange(dealer, brandPack, SAMPLE_EVENTS))) {
  console.log(line);
}

console.log('\n3. Schedule the dealer pack for next Monday, open visits pinned:');
const nextWeek = {
  ...generalRepair,
  sourceId: 'RO-9',
  repairOrderId: 'RO-9',
  occurredAt: '2026-03-09T10:00:00+08:00',
};
const switched = await scheduleSwitch(dealer, brandPack, generalRepair, nextWeek);
for (const v of switched.versions) {
  console.log(`   ${v.packId} ${v.packVersion} from ${v.effectiveFrom}: ${v.state}`);
}
console.log(
  `   RO-3 (before): due ${switched.before.window.dueAt}, version ${switched.before.rulesVersion}`,
);
console.log(
  `   RO-9 (after):  due ${switched.after.window.dueAt}, version ${switched.after.rulesVersion}`,
);
