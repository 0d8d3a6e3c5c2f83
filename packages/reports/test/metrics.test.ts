import { ValidationError } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type DealerReport, monthPeriod, slaOutcome, UNASSIGNED } from '../src';
import { AS_OF, DEALER, PEOPLE, rules, runScenario } from './scenario';

const options = {
  dealerId: DEALER,
  period: monthPeriod(2026, 3),
  rules,
  asOf: AS_OF,
  people: PEOPLE,
  trendMonths: 3,
  weakItemCount: 2,
  read: { pageSize: 4 }, // several pages even for this small dealer
};

let report: DealerReport;
let ids: { k1: string; k2: string; k3: string };
const storage = memoryStorage();

beforeAll(async () => {
  const { complaints } = await runScenario(storage);
  ids = complaints;
  report = await buildReport(storage, options);
});
afterAll(() => storage.close());

describe('follow-up metrics', () => {
  // 15 visits are due in March: 6 first-level (deliveries), 3 post-repair (one not picked up),
  // 1 CSI (the sample place of repair 1), 5 second-level (one per first-level visit completed
  // or closed unreachable [002]; due 5–8 working days later).
  it('counts the visits of the period by outcome', () => {
    expect(report.followUp!.totals).toEqual({
      total: 15,
      doNotVisit: 1, // the general repair not picked up
      due: 14,
      done: 6, // v1, v2, v5, v4, r1, c1
      onTime: 5,
      late: 1, // v4 done 03-10, window closed 03-05
      overdue: 1, // v6 never called
      pending: 5, // the second-level visits, due 03-12 at the earliest
      unreachable: 1, // v3: two failed attempts
      cancelled: 1, // r2 refused
      attempts: 10, // v1 1, v2 2, v3 2, v4 1, v5 1, r1 1, r2 1, c1 1
      followUpRate: 6 / 14,
      onTimeRate: 5 / 14,
      attemptsPerVisit: 10 / 14,
    });
    expect(report.followUp!.target).toBe(1);
    expect(report.followUp!.gapToTarget).toBeCloseTo(6 / 14 - 1);
  });

  it('splits by visit type', () => {
    const byType = Object.fromEntries(report.followUp!.byType.map((g) => [g.key, g]));
    expect(Object.keys(byType)).toEqual(['csi', 'firstLevel', 'postRepair', 'secondLevel']);
    expect(byType.csi).toMatchObject({ total: 1, due: 1, done: 1, onTime: 1, attempts: 1 });
    expect(byType.firstLevel).toMatchObject({
      due: 6,
      done: 4,
      onTime: 3,
      late: 1,
      overdue: 1,
      unreachable: 1,
      attempts: 7,
    });
    expect(byType.firstLevel!.followUpRate).toBeCloseTo(4 / 6);
    expect(byType.postRepair).toMatchObject({
      total: 3,
      doNotVisit: 1,
      due: 2,
      done: 1,
      cancelled: 1,
      attempts: 2,
      followUpRate: 0.5,
    });
    expect(byType.secondLevel).toMatchObject({ due: 5, pending: 5, done: 0, followUpRate: 0 });
  });

  it('splits by agent (the person of the last attempt when no assignee is set)', () => {
    const byAgent = Object.fromEntries(report.followUp!.byAgent.map((g) => [g.key, g]));
    // agent-1: v1, v2, r1, c1 done on time, r2 cancelled; attempts 1 + 2 + 1 + 1 + 1.
    expect(byAgent['agent-1']).toMatchObject({
      due: 5,
      done: 4,
      onTime: 4,
      cancelled: 1,
      attempts: 6,
      followUpRate: 0.8,
    });
    // agent-2: v5 on time, v4 late, v3 unreachable; attempts 1 + 1 + 2.
    expect(byAgent['agent-2']).toMatchObject({
      due: 3,
      done: 2,
      onTime: 1,
      late: 1,
      unreachable: 1,
      attempts: 4,
    });
    expect(byAgent[UNASSIGNED]).toMatchObject({ total: 7, doNotVisit: 1, overdue: 1, pending: 5 });
  });
});

describe('satisfaction metrics', () => {
  // SSI responses (meanScaled over answered scale items, answer/10 × 100):
  //   v1 (sc-1) 10, 8, 6 → 80   process 2/2 → 100   recommends
  //   v2 (sc-1)  9, 9, 6 → 80   process 1/2 → 50    recommends
  //   v5 (sc-1) 10,10,10 → 100  process 2/2 → 100   recommends
  //   v4 (sc-2)  7, 5, 3 → 50   process 0/2 → 0     does not recommend
  it('gives the SSI and CSI index, compliance and recommendation rate', () => {
    const ssi = report.satisfaction!.bySurvey.find((s) => s.surveyId === 'gw-ssi')!;
    expect(ssi.responses).toBe(4);
    expect(ssi.index).toBeCloseTo((80 + 80 + 100 + 50) / 4); // 77.5
    // deviations 2.5, 2.5, 22.5, −27.5 → variance 1275 / 4
    expect(ssi.indexStandardDeviation).toBeCloseTo(Math.sqrt(1275 / 4));
    expect(ssi.processCompliance).toBeCloseTo((100 + 50 + 100 + 0) / 4);
    expect(ssi.recommendationRate).toBe(0.75);
    expect(ssi.responsesWithLowItems).toBe(3); // a 6 or lower in v1, v2, v4
    const csi = report.satisfaction!.bySurvey.find((s) => s.surveyId === 'gw-csi')!;
    // r1: 9, 10, 8 → 90; no process items.
    expect(csi).toMatchObject({
      responses: 1,
      index: 90,
      processCompliance: null,
      recommendationRate: 1,
    });
  });

  it('gives the index by staff member', () => {
    const sc1 = report.satisfaction!.byStaff.find((s) => s.staffId === 'sc-1')!;
    expect(sc1.responses).toBe(3);
    expect(sc1.index).toBeCloseTo(260 / 3);
    expect(sc1.processCompliance).toBeCloseTo(250 / 3);
    const sc2 = report.satisfaction!.byStaff.find((s) => s.staffId === 'sc-2')!;
    expect(sc2).toMatchObject({ responses: 1, index: 50, recommendationRate: 0, weak: false });
    // Default rule: at least 3 responses, so sc-2 (1 response) is not flagged.
    expect(report.satisfaction!.weakStaff.staff).toEqual([]);
  });

  it('flags staff more than one standard deviation below the dealer mean', async () => {
    const r = await buildReport(storage, { ...options, weakStaffMinResponses: 1 });
    const weak = r.satisfaction!.weakStaff;
    // 77.5 − 17.85 = 59.65: sc-2 (50) is below it, sc-1 (86.7) is not.
    expect(weak.staff.map((s) => s.staffId)).toEqual(['sc-2']);
    expect(weak.rule).toMatchObject({
      id: 'belowMeanBySd',
      standardDeviations: 1,
      minResponses: 1,
    });
    expect(weak.rule.text).toContain('1 standard deviation');
  });

  it('re-scores items and sections with the survey definitions and lists weak items', () => {
    const s = report.satisfaction!;
    const item = (id: string) => s.items.find((i) => i.surveyId === 'gw-ssi' && i.itemId === id)!;
    expect(item('courtesy')).toMatchObject({ answered: 4, score: 90, lowAnswers: 0 }); // 10 9 10 7
    expect(item('productKnowledge')).toMatchObject({ score: 80, lowAnswers: 1 }); // 8 9 10 5
    expect(item('deliveryDuration')).toMatchObject({ score: 62.5, lowAnswers: 3 }); // 6 6 10 3
    expect(item('courtesy').text).toBe('销售人员礼貌礼节');
    const section = s.sections.find(
      (x) => x.surveyId === 'gw-ssi' && x.section === '销售人员 salesperson',
    )!;
    expect(section.score).toBeCloseTo((90 * 4 + 80 * 4) / 8);
    expect(s.weakItems.rule.count).toBe(2);
    expect(s.weakItems.items.filter((i) => i.surveyId === 'gw-ssi').map((i) => i.itemId)).toEqual([
      'deliveryDuration',
      'productKnowledge',
    ]);
    // CSI: waiting environment 8 → 80, repair quality 9 → 90 (service process 100 is not weak).
    expect(s.weakItems.items.filter((i) => i.surveyId === 'gw-csi').map((i) => i.itemId)).toEqual([
      'waitingEnvironment',
      'repairQuality',
    ]);
  });

  it('keeps a month-by-month trend in the dealer time zone', () => {
    const ssi = report.satisfaction!.trend.filter((t) => t.surveyId === 'gw-ssi');
    expect(ssi.map((t) => t.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(ssi.map((t) => t.responses)).toEqual([0, 0, 4]);
    expect(ssi[2]!.index).toBeCloseTo(77.5);
  });
});

describe('complaint metrics', () => {
  // K1 (inbound call, price): resolved Tue 10:00, due end of Wed → in time; 8 working hours.
  // K2 (on site, parts shortage): never handled; due Wed 03-04 17:30 → breached, ladder
  //   escalated it to tier 2 at the deadline and tier 3 16 working hours later.
  // K3 (follow-up call, attitude): resolved late, reopened Fri; fresh deadline Tue 03-10 17:30,
  //   not yet passed at 12:00.
  it('counts by source, category and tier', () => {
    const c = report.complaints!;
    expect(c.total).toBe(3);
    expect(c.bySource).toEqual([
      { key: 'followUpCall', count: 1 },
      { key: 'inboundCall', count: 1 },
      { key: 'onSite', count: 1 },
    ]);
    expect(c.byCategory.map((k) => k.key)).toEqual([
      'partsShortage',
      'repairPrice',
      'serviceAttitude',
    ]);
    expect(c.byTier).toEqual([
      { key: '1', count: 2 },
      { key: '3', count: 1 },
    ]);
  });

  it('gives SLA breaches, escalations, reopen rate and resolution time in working hours', () => {
    const c = report.complaints!;
    expect(c.resolved).toBe(1);
    expect(c.slaBreached).toBe(1);
    expect(c.slaBreachRate).toBeCloseTo(1 / 3);
    expect(c.escalations).toBe(2);
    expect(c.escalated).toBe(1);
    expect(c.reopened).toBe(1);
    expect(c.reopenRate).toBeCloseTo(1 / 3);
    // Mon 09:30–12:00 (150) + 13:30–17:30 (240) + Tue 08:30–10:00 (90) = 480 min.
    expect(c.meanResolutionWorkingHours).toBe(8);
    expect(c.maxResolutionWorkingHours).toBe(8);
    expect(c.breaches).toEqual([
      expect.objectContaining({
        complaintId: ids.k2,
        customerId: 'c2',
        customerName: '李四',
        customerPhone: '+8613900001111', // stored in E.164 whatever the DMS's spelling
        tier: 3,
        resolvedAt: null,
      }),
    ]);
  });

  it('counts the later deadline of a reopened complaint once it passes', async () => {
    const r = await buildReport(storage, {
      ...options,
      asOf: new Date('2026-03-11T09:00:00+08:00'),
    });
    expect(r.complaints!.slaBreached).toBe(2);
    expect(r.complaints!.breaches.map((b) => b.complaintId)).toEqual([ids.k2, ids.k3]);
  });
});

describe('SLA outcome of one complaint', () => {
  it('counts a paused clock at the pause, not at asOf', async () => {
    const k2 = await storage.transaction((tx) => tx.get('complaint', DEALER, ids.k2));
    const c = k2!.data as unknown as Parameters<typeof slaOutcome>[0];
    const due = Date.parse(c.sla.dueAt);
    expect(slaOutcome(c, due + 1)).toEqual({ breached: true, resolvedAt: null });
    expect(slaOutcome(c, due)).toEqual({ breached: false, resolvedAt: null });
    const paused = { ...c, sla: { ...c.sla, pausedAt: new Date(due - 60_000).toISOString() } };
    expect(slaOutcome(paused, due + 86_400_000).breached).toBe(false);
  });
});

describe('opinion cases', () => {
  // Alerts open a case: v1, v2 (a 6), v4 (low, not recommended). c1's CSI index of 90 is below
  // the yearly 93 % target [004] but has no low item: no case.
  it('counts the cases raised in the period', () => {
    const o = report.opinionCases!;
    expect(o.total).toBe(3);
    expect(o.byDepartment).toEqual([{ key: 'sales', count: 3 }]);
    expect(o.secondFollowUps).toBe(0);
    expect(o.satisfiedRate).toBeNull();
  });
});

describe('periods and sections', () => {
  it('counts nothing outside the period but keeps the trend', async () => {
    const r = await buildReport(storage, { ...options, period: monthPeriod(2026, 4) });
    expect(r.followUp!.totals.total).toBe(0);
    expect(r.followUp!.totals.followUpRate).toBeNull();
    expect(r.satisfaction!.bySurvey).toEqual([]);
    expect(r.complaints!.total).toBe(0);
    const ssi = r.satisfaction!.trend.filter((t) => t.surveyId === 'gw-ssi');
    expect(ssi.map((t) => [t.month, t.responses])).toEqual([
      ['2026-02', 0],
      ['2026-03', 4],
      ['2026-04', 0],
    ]);
  });

  it('computes only the sections asked for', async () => {
    const r = await buildReport(storage, { ...options, sections: ['complaints'] });
    expect(r.followUp).toBeNull();
    expect(r.satisfaction).toBeNull();
    expect(r.opinionCases).toBeNull();
    expect(r.complaints!.total).toBe(3);
  });

  it('rejects a bad period or bad options with a ValidationError', async () => {
    await expect(
      buildReport(storage, { ...options, period: { from: '2026-03-31', to: '2026-03-01' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      buildReport(storage, { ...options, period: { from: '2026-02-30', to: '2026-03-01' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(buildReport(storage, { ...options, weakItemCount: 0 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(() => monthPeriod(2026, 13)).toThrow(ValidationError);
  });

  it('fails on a corrupt stored row when it validates: by default on untrusted storage, or when asked', async () => {
    const bad = memoryStorage();
    await bad.transaction(async (tx) => {
      await tx.put(
        { kind: 'visit', id: 'x', dealerId: DEALER, status: 'open', data: { id: 'x' } },
        0,
      );
    });
    // Memory is trusted (only the engine writes it): validation is asked for explicitly.
    await expect(
      buildReport(bad, { ...options, sections: ['followUp'], read: { trustStorage: false } }),
    ).rejects.toBeInstanceOf(ValidationError);
    // An adapter that does not vouch for its rows is validated without being asked.
    const untrusted = { name: 'untrusted', transaction: bad.transaction, close: bad.close };
    await expect(
      buildReport(untrusted, { ...options, sections: ['followUp'] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('the same report on SQLite storage', () => {
  it('gives exactly the figures of the memory adapter', async () => {
    const sqlite = sqliteStorage({ filename: ':memory:' });
    try {
      await runScenario(sqlite);
      const r = await buildReport(sqlite, options);
      expect(r.followUp!.totals.done).toBe(6);
      expect(r.satisfaction!.bySurvey.find((s) => s.surveyId === 'gw-ssi')!.index).toBeCloseTo(
        77.5,
      );
      expect(r.complaints!.slaBreached).toBe(1);
      expect(r).toEqual(report);
    } finally {
      await sqlite.close();
    }
  });
});
