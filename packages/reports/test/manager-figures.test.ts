/**
 * The figures a manager asks for beyond the basic report (issue 15), recomputed by hand from the
 * month of `manager-scenario.ts` (made by the real engine on a fake clock): complaint backlog,
 * contact rate, follow-up per service advisor, results per secondary outlet, rework rate, and
 * the [004] targets next to them.
 */
import { ValidationError } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  DEFAULT_REWORK_WITHIN_DAYS,
  type DealerReport,
  monthPeriod,
  NO_ADVISOR,
  NO_OWNER,
  pastDeadlineAt,
  renderCsv,
  renderHtml,
  reportLabels,
  reportTables,
} from '../src';
import { AS_OF, DEALER, rules, runManagerScenario } from './manager-scenario';

const storage = memoryStorage();
const options = {
  dealerId: DEALER,
  period: monthPeriod(2026, 3),
  rules,
  asOf: AS_OF,
  people: { 'td-1': '赵强', 'sa-1': '刘洋' },
};
let report: DealerReport;
let ids: Awaited<ReturnType<typeof runManagerScenario>>['complaints'];

beforeAll(async () => {
  ids = (await runManagerScenario(storage)).complaints;
  report = await buildReport(storage, options);
});
afterAll(() => storage.close());

describe('complaint backlog at asOf', () => {
  // As of Tue 03-31 12:00:
  //   K0 (Thu 02-26, attitude → serviceManager, nobody took it) classified, due at the end of
  //      its second working day, before March: past.
  //   K1 (03-10, repair technique → technicalDirector, taken by td-1) investigating, due Thu
  //      03-12 17:30: past.
  //   K2 (03-30, parts shortage → partsManager) classified, due Wed 04-01 17:30: not past.
  //   K3 (03-02) resolved 03-03, satisfaction check never started (due 7 days later, 03-10):
  //      resolved only, its check overdue.
  //   K4 (03-02) resolved and closed 03-03.
  it('counts open by state and owner, past the stored deadline, and resolved only', () => {
    const b = report.complaintBacklog!;
    expect(b.open).toBe(3); // K0, K1, K2 — K0 although received in February: a backlog has no period
    expect(b.openPastDeadline).toBe(2); // K0, K1
    expect(b.openByState).toEqual([
      { key: 'classified', count: 2 }, // K0, K2
      { key: 'investigating', count: 1 }, // K1
    ]);
    expect(b.openByOwner).toEqual([
      { role: 'partsManager', owner: NO_OWNER, open: 1, pastDeadline: 0 }, // K2
      { role: 'serviceManager', owner: NO_OWNER, open: 1, pastDeadline: 1 }, // K0
      { role: 'technicalDirector', owner: 'td-1', open: 1, pastDeadline: 1 }, // K1
    ]);
    expect(b.resolvedOnly).toBe(1); // K3
    expect(b.resolvedOnlyCheckOverdue).toBe(1); // K3's check was due 03-10
  });

  it('says where the period’s complaints stand: closed vs only resolved', () => {
    // Received in March: K3, K4, K1, K2 (K0 is February's).
    expect(report.complaintBacklog!.period).toEqual({
      received: 4,
      open: 2, // K1, K2
      resolvedOnly: 1, // K3
      closed: 1, // K4
    });
  });

  it('as of Tue 03-03 09:00 is a snapshot: K3 and K4 not yet resolved, K1 and K2 not yet received', async () => {
    const r = await buildReport(storage, {
      ...options,
      asOf: new Date('2026-03-03T09:00:00+08:00'),
    });
    const b = r.complaintBacklog!;
    expect(b.open).toBe(3); // K0, K3, K4
    // K0 was due at the end of its second working day, before March; K3 and K4, opened Mon
    // 03-02, are due Wed 03-04 17:30.
    expect(b.openPastDeadline).toBe(1);
    expect(b.resolvedOnly).toBe(0);
    expect(b.period).toEqual({ received: 2, open: 2, resolvedOnly: 0, closed: 0 });
    expect(b.openByOwner.map((o) => [o.role, o.open])).toEqual([['serviceManager', 3]]);
  });

  it('judges a paused clock at its pause, and not at a pause that began after asOf', async () => {
    const k1 = await storage.transaction((tx) => tx.get('complaint', DEALER, ids.k1));
    const c = k1!.data as unknown as Parameters<typeof pastDeadlineAt>[0];
    const due = Date.parse(c.sla.dueAt);
    const day = 86_400_000;
    expect(pastDeadlineAt(c, due + day)).toBe(true);
    expect(pastDeadlineAt(c, due)).toBe(false);
    const pausedBefore = { ...c, sla: { ...c.sla, pausedAt: new Date(due - day).toISOString() } };
    expect(pastDeadlineAt(pausedBefore, due + day)).toBe(false);
    // Paused after the snapshot: at asOf the clock still ran past the deadline.
    const pausedLater = {
      ...c,
      sla: { ...c.sla, pausedAt: new Date(due + 2 * day).toISOString() },
    };
    expect(pastDeadlineAt(pausedLater, due + day)).toBe(true);
  });
});

describe('contact rate', () => {
  // Visits owed in March and their attempts (reached = connected, refused or call back later):
  //   first-level: FL1 connected, FL3 connected, FL4 wrong number, FL2 never called → 3 / 2
  //   second-level (after FL1, FL3): not called yet → 0 / 0
  //   post-repair: A1, B1, A2, B2 connected, C1 call back later, D1 no answer, C2 never called
  //     (E1's is due in April) → 6 / 5
  //   CSI: A1 no answer twice, B1 refused, C1 never called → 2 / 1
  it('is reached ÷ attempted, by visit type and in total', () => {
    const c = report.contact!;
    expect(c.totals).toEqual({ attempted: 11, reached: 8, contactRate: 8 / 11 });
    expect(c.byType).toEqual([
      { key: 'csi', attempted: 2, reached: 1, contactRate: 0.5 },
      { key: 'firstLevel', attempted: 3, reached: 2, contactRate: 2 / 3 },
      { key: 'postRepair', attempted: 6, reached: 5, contactRate: 5 / 6 },
      { key: 'secondLevel', attempted: 0, reached: 0, contactRate: null },
    ]);
  });
});

describe('follow-up per service advisor', () => {
  // Repair visits owed in March (post-repair, and CSI for a repair naming its advisor):
  //   sa-1: A1 post-repair (done Thu 03-05, due Mon 03-09: on time; 9, 10 → 95, satisfied),
  //         A1 CSI (two no-answers → unreachable)
  //   sa-2: B1 post-repair (done 03-04, on time; 3, 5 → 40, alert: not satisfied), B1 CSI
  //         (refused), C1 post-repair (call back later), C1 CSI (never called)
  //   none: A2 (done 03-17, due 03-19: on time; 10, 10 → 100), B2 (done 03-16, due 03-13: late;
  //         8, 8 → 80), C2 (never called), D1 (no answer)
  it('gives visits owed, made, on time, reached and satisfaction per advisor', () => {
    const by = Object.fromEntries(report.serviceAdvisors!.byAdvisor.map((a) => [a.key, a]));
    expect(by['sa-1']).toEqual({
      key: 'sa-1',
      owed: 2,
      made: 1,
      onTime: 1,
      attempted: 2,
      reached: 1,
      contactRate: 0.5,
      followUpRate: 0.5,
      satisfactionAnswered: 1,
      satisfied: 1,
      satisfiedRate: 1,
      surveyIndex: 95,
    });
    expect(by['sa-2']).toMatchObject({
      owed: 4,
      made: 1,
      onTime: 1,
      attempted: 3,
      reached: 3, // connected, refused, call back later
      contactRate: 1,
      followUpRate: 0.25,
      satisfied: 0,
      satisfiedRate: 0,
      surveyIndex: 40,
    });
    expect(by[NO_ADVISOR]).toMatchObject({
      owed: 4,
      made: 2,
      onTime: 1,
      attempted: 3,
      reached: 2,
      satisfiedRate: 1,
      surveyIndex: 90, // (100 + 80) / 2
    });
    expect(report.serviceAdvisors!.totals).toEqual({
      owed: 10,
      made: 4,
      onTime: 3,
      attempted: 8,
      reached: 6,
      contactRate: 0.75,
      followUpRate: 0.4,
      satisfactionAnswered: 4,
      satisfied: 3,
      satisfiedRate: 0.75,
      surveyIndex: (95 + 40 + 100 + 80) / 4,
    });
  });
});

describe('results per secondary outlet (向二级网点进行通报 [002])', () => {
  // o-1: FL1 (done 03-02, SSI 10, 8, 6 → 80, process 2/2, recommends), FL2 (never called), and
  //      FL1's second-level visit (due 03-12) → owed 3, made 1.
  // o-2: FL3 (done 03-03, 10, 10, 10 → 100, process 1/2, would not recommend) and its
  //      second-level visit → owed 2, made 1. Delivery 4 came from the dealer itself: no row.
  it('gives each outlet its follow-up and survey results', () => {
    expect(report.outlets!.byOutlet).toEqual([
      {
        key: 'o-1',
        owed: 3,
        made: 1,
        onTime: 1,
        followUpRate: 1 / 3,
        surveys: [
          {
            surveyId: 'gw-ssi',
            responses: 1,
            index: 80,
            processCompliance: 100,
            recommendationRate: 1,
          },
        ],
      },
      {
        key: 'o-2',
        owed: 2,
        made: 1,
        onTime: 1,
        followUpRate: 0.5,
        surveys: [
          {
            surveyId: 'gw-ssi',
            responses: 1,
            index: 100,
            processCompliance: 50,
            recommendationRate: 0,
          },
        ],
      },
    ]);
  });
});

describe('rework (返修) rate [004: "La tasa de reparación de vehículos es inferior al 2%"]', () => {
  // Repairs settled in March, maintenance left out: A1, B1, C1, D1, B2, A2, E1 = 7 (C2 is
  // maintenance). Within 30 days:
  //   A1 (general 03-02) → A2 (general 03-12, 10 days): reworked, by a repeat repair.
  //   B1 (special 03-03) → B2 is general, another kind: not reworked.
  //   C1 (general 03-04) → C2 is maintenance: not a return.
  //   D1 (warranty 03-05) → K1, a repair-technique complaint about car D on 03-10: reworked.
  // Not reworked: A2, B1, B2, C1, E1 — each settled less than 30 days before 03-31: still
  // watched (the rate may rise).
  it('counts repairs the same vehicle came back for, with the default window of 30 days', () => {
    expect(DEFAULT_REWORK_WITHIN_DAYS).toBe(30);
    expect(report.rework).toEqual({
      withinDays: 30,
      repairs: 7,
      reworked: 2,
      byRepeatRepair: 1,
      byComplaint: 1,
      reworkRate: 2 / 7,
      stillWatched: 5,
      byKind: [
        { key: 'general', repairs: 5, reworked: 1, reworkRate: 0.2 }, // A1, A2, B2, C1, E1
        { key: 'special', repairs: 1, reworked: 0, reworkRate: 0 }, // B1
        { key: 'warranty', repairs: 1, reworked: 1, reworkRate: 1 }, // D1
      ],
    });
  });

  it('takes the window as a report option', async () => {
    // 7 days: A2 came back 10 days after A1 — no longer rework; K1 came 5 days after D1 — still.
    // Still watched: only E1 (03-25 09:00 + 7 days = 04-01 09:00, after 03-31 12:00).
    const r = await buildReport(storage, { ...options, reworkWithinDays: 7 });
    expect(r.rework).toMatchObject({
      withinDays: 7,
      repairs: 7,
      reworked: 1,
      byRepeatRepair: 0,
      byComplaint: 1,
      stillWatched: 1,
    });
    await expect(buildReport(storage, { ...options, reworkWithinDays: 0 })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('as of Wed 03-11 12:00 is a snapshot: A2 (03-12) and E1 were not settled yet', async () => {
    const r = await buildReport(storage, {
      ...options,
      asOf: new Date('2026-03-11T12:00:00+08:00'),
    });
    // Repairs by then: A1, B1, C1, D1, B2 = 5; reworked: D1 only (K1 on 03-10); A1's return
    // had not happened. Still watched: A1, B1, B2, C1.
    expect(r.rework).toMatchObject({
      repairs: 5,
      reworked: 1,
      byRepeatRepair: 0,
      byComplaint: 1,
      reworkRate: 0.2,
      stillWatched: 4,
    });
  });

  it('is its own section', async () => {
    const r = await buildReport(storage, { ...options, sections: ['rework'] });
    expect(r.followUp).toBeNull();
    expect(r.complaints).toBeNull();
    expect(r.complaintBacklog).toBeNull();
    expect(r.contact).toBeNull();
    expect(r.rework!.reworked).toBe(2);
  });
});

describe('[004] targets: service satisfaction > 98 %, rework < 2 %', () => {
  // [004] "El índice de satisfacción del servicio es superior al 98%" and "La tasa de
  // reparación de vehículos es inferior al 2%": great-wall `targets` service-satisfaction and
  // rework-rate, shown next to the figures above.
  it('shows each with its figure, met or not', () => {
    const byId = Object.fromEntries(report.targets.map((t) => [t.id, t]));
    expect(byId['service-satisfaction']).toEqual({
      id: 'service-satisfaction',
      figure: 'serviceSatisfiedRate',
      survey: null,
      comparison: 'above',
      target: 0.98,
      period: 'year',
      value: 0.75, // 3 of the 4 repair visits with an answer were satisfied
      met: false,
    });
    expect(byId['rework-rate']).toEqual({
      id: 'rework-rate',
      figure: 'reworkRate',
      survey: null,
      comparison: 'below',
      target: 0.02,
      period: 'year',
      value: 2 / 7,
      met: false,
    });
  });

  it('has no figure (and no verdict) when the section was not computed', async () => {
    const r = await buildReport(storage, { ...options, sections: ['complaints'] });
    const rework = r.targets.find((t) => t.id === 'rework-rate')!;
    expect(rework).toMatchObject({ value: null, met: null });
  });
});

describe('renderers', () => {
  it('adds the new tables, with Chinese headers', () => {
    const tables = reportTables(report, reportLabels('zh-CN'));
    const id = (t: { id: string }) => t.id;
    expect(tables.map(id)).toEqual(
      expect.arrayContaining([
        'contactRate',
        'serviceAdvisors',
        'outlets',
        'outletSurveys',
        'complaintBacklog',
        'complaintBacklogByOwner',
        'complaintBacklogByState',
        'reworkSummary',
        'reworkByKind',
      ]),
    );
    const targets = tables.find((t) => t.id === 'targets')!;
    expect(targets.rows.map((r) => r[0])).toContain('返修率');
    expect(targets.rows.map((r) => r[0])).toContain('服务满意度');
  });

  it('writes the rework summary and the backlog by owner as CSV', () => {
    const rework = renderCsv(report, 'reworkSummary').slice(1).split('\r\n');
    expect(rework[0]).toBe('判定天数,维修台次,返修台次,再次同类维修,维修技术投诉,返修率,观察期内');
    expect(rework[1]).toBe('30,7,2,1,1,28.6%,5');
    const owners = renderCsv(report, 'complaintBacklogByOwner').slice(1).split('\r\n');
    // td-1's name is masked by default.
    expect(owners.slice(1, 4)).toEqual([
      'partsManager,(unassigned),1,0',
      'serviceManager,(unassigned),1,1',
      'technicalDirector,赵* (td-1),1,1',
    ]);
  });

  it('gives the HTML report a rework section', () => {
    const html = renderHtml(report, { locale: 'en' });
    expect(html).toContain('data-section="rework"');
    expect(html).toContain('data-table="serviceAdvisors"');
    expect(html).toContain('data-table="complaintBacklog"');
  });
});

describe('the same month on SQLite storage', () => {
  it('gives exactly the figures of the memory adapter (rows validated as read)', async () => {
    const sqlite = sqliteStorage({ filename: ':memory:' });
    try {
      await runManagerScenario(sqlite);
      expect(await buildReport(sqlite, options)).toEqual(report);
    } finally {
      await sqlite.close();
    }
  });
});
