/**
 * A dealer pack on top of the great-wall brand pack: validate it, then run the same morning of
 * DMS events under both and print the visits each produces.
 *
 * Run from the repository root: pnpm example:override
 */
import { readFileSync } from 'node:fs';
import { loadRulePack, SHIPPED_PACKS } from '@dealercare/core';
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
