/**
 * The dealer pack changes exactly what it says: longer working hours (deadlines end at 18:00,
 * windows open at 08:00), general repairs on working day 2–4 instead of 3–5, and an extra
 * warranty check within 8 working hours. Expected windows worked out by hand from Monday
 * 2026-03-02 10:00.
 */
import { readFileSync } from 'node:fs';
import { loadRulePack, SHIPPED_PACKS } from '@dealercare/core';
import { describe, expect, it } from 'vitest';
import { explainUnder, scheduleSwitch, simulateChange } from '../src/change-safely';
import { brandCalendar, dealerCalendar, visitsUnder } from '../src/compare-visits';
import { SAMPLE_EVENTS } from '../src/sample-events';

const dealerPack = loadRulePack(
  JSON.parse(readFileSync(new URL('../dealer-pack.json', import.meta.url), 'utf8')),
);

/**
 * The rules with a duty (thank-you, usage check, dormancy, … of the default pack, tested in
 * core): left out here, where the comparison is about the visits the dealer pack changes.
 */
const duties = new Set(dealerPack.pack.visits.filter((v) => v.duty !== undefined).map((v) => v.id));
const withoutDuties = <V extends { rule: string }>(visits: readonly V[]) =>
  visits.filter((v) => !duties.has(v.rule));

describe('brand-override example', () => {
  it('under the brand pack: the great-wall windows on 08:30–17:30 days', async () => {
    const visits = await visitsUnder(
      loadRulePack(SHIPPED_PACKS['great-wall']),
      brandCalendar,
      SAMPLE_EVENTS,
    );
    expect(
      withoutDuties(visits).map((v) => [v.event, v.rule, v.state, v.opensAt, v.dueAt]),
    ).toEqual([
      ['DEL-1', 'first-level-after-delivery', 'open', '2026-03-02 10:00', '2026-03-05 17:30'],
      ['RO-2', 'post-repair-special', 'open', '2026-03-02 10:00', '2026-03-09 17:30'],
      ['RO-3', 'post-repair-general', 'scheduled', '2026-03-05 08:30', '2026-03-09 17:30'],
      ['RO-4', 'post-repair-general', 'scheduled', '2026-03-05 08:30', '2026-03-09 17:30'],
      ['RO-5', 'post-repair-general', 'doNotVisit', '2026-03-05 08:30', '2026-03-09 17:30'],
    ]);
  });

  it('under the dealer pack: its hours, its general-repair window, its warranty check', async () => {
    const visits = await visitsUnder(dealerPack, dealerCalendar, SAMPLE_EVENTS);
    expect(
      withoutDuties(visits).map((v) => [v.event, v.rule, v.state, v.opensAt, v.dueAt]),
    ).toEqual([
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

  describe('changing the pack safely', () => {
    const brand = loadRulePack(SHIPPED_PACKS['great-wall']);
    const ro3 = SAMPLE_EVENTS.find((e) => e.sourceId === 'RO-3')!;

    it('explains why the warranty check does not fire for a general repair', () => {
      const why = explainUnder(dealerPack, ro3);
      const rule = why.visitRules.find((r) => r.ruleId === 'warranty-check')!;
      expect(rule.outcome).toBe('noMatch');
      expect(rule.because).toBe('event.repairKind is "general", rule wants "warranty"');
    });

    it('simulates the morning: the general-repair windows move, two warranty checks appear', async () => {
      const r = await simulateChange(dealerPack, brand, SAMPLE_EVENTS);
      expect(r.differences.map((d) => `${d.change} ${d.key}`)).toEqual([
        'changed d1 RO-3 post-repair-general',
        'changed d1 RO-4 post-repair-general',
        'added d1 RO-4 warranty-check',
        'changed d1 RO-5 post-repair-general',
        'added d1 RO-5 warranty-check',
      ]);
      // Working day 3–5 (Thu 03-05 → Mon 03-09) becomes 2–4 (Wed 03-04 → Fri 03-06), 08:00–18:00.
      expect(r.differences[0]!.fields).toEqual([
        { field: 'opensAt', before: '2026-03-05T00:00:00.000Z', after: '2026-03-04T00:00:00.000Z' },
        { field: 'dueAt', before: '2026-03-09T10:00:00.000Z', after: '2026-03-06T10:00:00.000Z' },
      ]);
    });

    it('schedules the switch: visits made before keep their timings, later ones use the new pack', async () => {
      const nextWeek = {
        ...ro3,
        sourceId: 'RO-9',
        repairOrderId: 'RO-9',
        occurredAt: '2026-03-09T10:00:00+08:00',
      } as typeof ro3;
      const s = await scheduleSwitch(dealerPack, brand, ro3, nextWeek);
      expect(s.versions.map((v) => [v.packId, v.state])).toEqual([
        ['haval-shijiazhuang-4s', 'active'],
      ]);
      expect(s.before).toMatchObject({
        rulesVersion: brand.hash,
        window: { dueAt: '2026-03-09T10:00:00.000Z' }, // pinned: great-wall's working day 5
      });
      // Mon 03-09 10:00: working day 2–4 is Wed 03-11 → Fri 03-13, until 18:00.
      expect(s.after).toMatchObject({
        rulesVersion: dealerPack.hash,
        window: { dueAt: '2026-03-13T10:00:00.000Z' },
      });
    });
  });
});
