/**
 * The shipped `great-wall` pack, from the Great Wall customer-relations manual
 * (../shared/seeds/002): its 24-item SSI, its visit windows, and a dealer override on top.
 */
import { describe, expect, it } from 'vitest';
import { loadRulePack, SHIPPED_PACKS, scoreResponse } from '../../src';
import { DEALER, delivery, repair, setup } from '../engine/setup';

const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('great-wall pack', () => {
  const gw = loadRulePack(SHIPPED_PACKS['great-wall']);
  const ssi = gw.pack.surveys.find((s) => s.id === 'gw-ssi')!;

  it('carries the 24-item SSI: process items, 1–10 items, recommendation, an unscored suggestion', () => {
    expect(ssi.items).toHaveLength(24);
    const kinds = ssi.items.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'yesNo')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'scale')).toHaveLength(14);
    expect(
      ssi.items.filter((i) => i.kind === 'scale').every((i) => i.min === 1 && i.max === 10),
    ).toBe(true);
    expect(kinds).toContain('recommend');
    expect(ssi.items.find((i) => i.id === 'suggestions')).toMatchObject({
      kind: 'text',
      scored: false,
    });
    // [002]: CSI 10 per service advisor; SSI at least 5 per secondary outlet, all if fewer.
    expect(gw.pack.sampling.csi).toMatchObject({ per: 'staff', size: 10 });
    expect(gw.pack.sampling.ssiOutlet).toMatchObject({
      per: 'outlet',
      size: 5,
      withoutGroup: 'visit',
    });
  });

  it('scores a response: unanswered items excluded, a 1–10 item ≤ 6 alerts, the suggestion not scored', () => {
    const scaleIds = ssi.items.filter((i) => i.kind === 'scale').map((i) => i.id);
    const yesNoIds = ssi.items.filter((i) => i.kind === 'yesNo').map((i) => i.id);
    const answers: Record<string, boolean | number | string> = {
      wouldRecommend: true,
      suggestions: '希望交车更快',
    };
    for (const id of scaleIds.slice(0, -1)) answers[id] = 9; // the last one left unanswered
    for (const id of yesNoIds) answers[id] = id !== yesNoIds[0];
    const all9 = scoreResponse(ssi, answers);
    expect(all9.index).toBe(90);
    expect(all9.processCompliance).toBeCloseTo((100 * (yesNoIds.length - 1)) / yesNoIds.length, 6);
    expect(all9.recommends).toBe(true);
    expect(all9.alert).toBe(false);

    const low = scoreResponse(ssi, { ...answers, [scaleIds[0]!]: 6 });
    expect(low.lowItems).toEqual([scaleIds[0]]);
    expect(low.alert).toBe(true);

    expect(() => scoreResponse(ssi, { ...answers, [scaleIds[0]!]: 11 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('schedules post-repair visits: special within 5 working days, general on working day 3–5', async () => {
    const { engine } = setup('2026-03-02T10:00:00+08:00', { rules: gw });
    const [special] = await engine.ingestMany([
      repair({ occurredAt: '2026-03-02T10:00:00+08:00' }),
    ]);
    const [general] = await engine.ingestMany([
      repair({
        sourceId: 'DMS-RO-2',
        repairOrderId: 'RO-2',
        repairKind: 'general',
        occurredAt: '2026-03-02T10:00:00+08:00',
      }),
    ]);
    const s = await engine.getVisit(DEALER, special!.visitIds[0]!);
    expect(s.ruleId).toBe('post-repair-special');
    expect(s.window.dueAt).toBe(bj('2026-03-09T17:30:00')); // Mon + 5 working days
    const g = await engine.getVisit(DEALER, general!.visitIds[0]!);
    expect(g.ruleId).toBe('post-repair-general');
    expect(g.window.opensAt).toBe(bj('2026-03-05T08:30:00')); // Thu, working day 3
    expect(g.window.dueAt).toBe(bj('2026-03-09T17:30:00')); // Mon, working day 5
  });

  it('does not visit a customer whose vehicle was not picked up', async () => {
    const { engine } = setup('2026-03-02T10:00:00+08:00', { rules: gw });
    const r = await engine.ingest(repair({ pickedUp: false }));
    const v = await engine.getVisit(DEALER, r.visitIds[0]!);
    expect(v.state).toBe('doNotVisit');
    expect(await engine.pendingTimers(DEALER, { kind: 'visit', id: v.id })).toEqual([]);
  });

  it('first-level sales visit uses the 24-item SSI', async () => {
    const { engine } = setup('2026-03-02T10:00:00+08:00', { rules: gw });
    const r = await engine.ingest(delivery());
    const v = await engine.getVisit(DEALER, r.visitIds[0]!);
    expect(v.surveyId).toBe('gw-ssi');
  });
});

describe('a dealer override on top of a brand pack', () => {
  const override = {
    id: 'dealer-4s-shijiazhuang',
    version: '2026.1',
    extends: 'great-wall',
    surveys: [{ id: 'gw-ssi', alerts: { scaleAtOrBelow: 7 } }],
    visits: [
      { id: 'post-repair-general', visit: { window: { fromWorkingDay: 2, toWorkingDay: 4 } } },
    ],
  };

  it('merges by id: a stricter alert, a changed window, everything else inherited', () => {
    const pack = loadRulePack(override).pack;
    const ssi = pack.surveys.find((s) => s.id === 'gw-ssi')!;
    expect(ssi.alerts?.scaleAtOrBelow).toBe(7);
    expect(ssi.items).toHaveLength(24);
    expect(pack.visits.find((v) => v.id === 'post-repair-general')?.visit.window).toEqual({
      fromWorkingDay: 2,
      toWorkingDay: 4,
    });
    expect(pack.visits.find((v) => v.id === 'post-repair-special')?.visit.window).toEqual({
      workingDays: 5,
    });
  });

  it('rejects a bad override with its path, and the engine keeps its pack', () => {
    const { engine } = setup();
    const bad = {
      ...override,
      visits: [
        { id: 'post-repair-general', visit: { window: { fromWorkingDay: 4, toWorkingDay: 2 } } },
      ],
    };
    let error: unknown;
    try {
      engine.setRules(loadRulePack(bad));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'RULE_PACK_INVALID' });
    expect(JSON.stringify((error as { issues: unknown }).issues)).toContain('toWorkingDay');
  });
});

describe('roles a pack names', () => {
  it('must be known or declared: a typo is reported with its path', () => {
    const typo = {
      id: 'typo',
      version: '1',
      extends: 'great-wall',
      complaints: { routing: [{ categories: ['partsShortage'], role: 'partsManger' }] },
    };
    let error: unknown;
    try {
      loadRulePack(typo);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'RULE_PACK_INVALID' });
    const issues = (error as { issues: Array<{ path: unknown[]; code: string }> }).issues;
    expect(issues.filter((i) => i.code === 'unknown_role').map((i) => i.path)).toEqual([
      ['complaints', 'routing', 0, 'role'],
    ]);
  });

  it('a role the dealer declares in `roles` is accepted', () => {
    const pack = loadRulePack({
      id: 'own-role',
      version: '1',
      extends: 'great-wall',
      roles: ['warrantyClerk'],
      complaints: { routing: [{ categories: ['partsShortage'], role: 'warrantyClerk' }] },
    }).pack;
    expect(pack.complaints.routing.some((r) => r.role === 'warrantyClerk')).toBe(true);
  });
});
