/**
 * The dealer pack changes exactly what it says: longer working hours (deadlines end at 18:00,
 * windows open at 08:00), general repairs on working day 2–4 instead of 3–5, and an extra
 * warranty check within 8 working hours. Expected windows worked out by hand from Monday
 * 2026-03-02 10:00.
 */
import { readFileSync } from 'node:fs';
import { loadRulePack, SHIPPED_PACKS } from '@dealercare/core';
import { describe, expect, it } from 'vitest';
import { brandCalendar, dealerCalendar, visitsUnder } from '../src/compare-visits';
import { SAMPLE_EVENTS } from '../src/sample-events';

const dealerPack = loadRulePack(
  JSON.parse(readFileSync(new URL('../dealer-pack.json', import.meta.url), 'utf8')),
);

describe('brand-override example', () => {
  it('under the brand pack: the great-wall windows on 08:30–17:30 days', async () => {
    const visits = await visitsUnder(
      loadRulePack(SHIPPED_PACKS['great-wall']),
      brandCalendar,
      SAMPLE_EVENTS,
    );
    expect(visits.map((v) => [v.event, v.rule, v.state, v.opensAt, v.dueAt])).toEqual([
      ['DEL-1', 'first-level-after-delivery', 'open', '2026-03-02 10:00', '2026-03-05 17:30'],
      ['RO-2', 'post-repair-special', 'open', '2026-03-02 10:00', '2026-03-09 17:30'],
      ['RO-3', 'post-repair-general', 'scheduled', '2026-03-05 08:30', '2026-03-09 17:30'],
      ['RO-4', 'post-repair-general', 'scheduled', '2026-03-05 08:30', '2026-03-09 17:30'],
      ['RO-5', 'post-repair-general', 'doNotVisit', '2026-03-05 08:30', '2026-03-09 17:30'],
    ]);
  });

  it('under the dealer pack: its hours, its general-repair window, its warranty check', async () => {
    const visits = await visitsUnder(dealerPack, dealerCalendar, SAMPLE_EVENTS);
    expect(visits.map((v) => [v.event, v.rule, v.state, v.opensAt, v.dueAt])).toEqual([
      ['DEL-1', 'first-level-after-delivery', 'open', '2026-03-02 10:00', '2026-03-05 18:00'],
      ['RO-2', 'post-repair-special', 'open', '2026-03-02 10:00', '2026-03-09 18:00'],
      ['RO-3', 'post-repair-general', 'scheduled', '2026-03-04 08:00', '2026-03-06 18:00'],
      ['RO-4', 'post-repair-general', 'scheduled', '2026-03-04 08:00', '2026-03-06 18:00'],
      // 8 working hours from Mon 10:00: 2 h + 5 h on Monday, 1 h from Tue 08:00
      ['RO-4', 'warranty-check', 'open', '2026-03-02 10:00', '2026-03-03 09:00'],
      ['RO-5', 'post-repair-general', 'doNotVisit', '2026-03-04 08:00', '2026-03-06 18:00'],
      ['RO-5', 'warranty-check', 'doNotVisit', '2026-03-02 10:00', '2026-03-03 09:00'],
    ]);
  });

  it('keeps the rest of the brand pack: the 24-item SSI, now alerting at 7', () => {
    const ssi = dealerPack.survey('gw-ssi')!;
    expect(ssi.items).toHaveLength(24);
    expect(ssi.alerts.scaleAtOrBelow).toBe(7);
  });
});
