/**
 * "Figures as of" is a snapshot (issue 15): a report as of a date counts only what had happened
 * by then, however much happened afterwards. The scenario runs to 03-10; the reports here are
 * taken as of earlier instants and derived by hand from the scenario's steps.
 */
import { memoryStorage } from '@dealercare/storage-memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport, monthPeriod } from '../src';
import { DEALER, PEOPLE, rules, runScenario } from './scenario';

const storage = memoryStorage();
const options = { dealerId: DEALER, period: monthPeriod(2026, 3), rules, people: PEOPLE };

beforeAll(async () => {
  await runScenario(storage);
});

describe('asOf is a snapshot', () => {
  it('as of Tue 03-03 12:00 counts the visits done by then, not those done later', async () => {
    const r = await buildReport(storage, {
      ...options,
      asOf: new Date('2026-03-03T12:00:00+08:00'),
    });
    expect(r.followUp!.totals).toMatchObject({
      // 6 first-level, 3 post-repair, 1 CSI, and the second-level visits of v1 (done Mon), v2
      // (done Tue 10:00) and v3 (unreachable Tue 11:00); v5's (Tue 14:00) did not exist yet.
      total: 13,
      done: 2, // v1, v2 — not v5 (14:00), r1 (15:00), c1 (Thu), v4 (03-10)
      unreachable: 1, // v3 at 11:00
      cancelled: 0, // r2 refused at 15:30
      attempts: 5, // v1 1, v2 2, v3 2
    });
    // Satisfaction: only v1's and v2's SSI answers were in.
    const ssi = r.satisfaction!.bySurvey.find((s) => s.surveyId === 'gw-ssi')!;
    expect(ssi.responses).toBe(2);
    expect(r.satisfaction!.bySurvey.find((s) => s.surveyId === 'gw-csi')?.responses ?? 0).toBe(0);
  });

  it('as of Fri 03-06 09:00 a complaint resolved later is still open, and K3 not yet resolved', async () => {
    const r = await buildReport(storage, {
      ...options,
      asOf: new Date('2026-03-06T09:00:00+08:00'),
    });
    // K1 resolved Tue 03-03; K3 resolved Fri 03-06 10:00, after the snapshot.
    expect(r.complaints!.total).toBe(3);
    expect(r.complaints!.resolved).toBe(1);
  });

  it('as of before anything happened, nothing is counted', async () => {
    const r = await buildReport(storage, {
      ...options,
      asOf: new Date('2026-03-01T00:00:00+08:00'),
    });
    expect(r.followUp!.totals.total).toBe(0);
    expect(r.complaints!.total).toBe(0);
    expect(r.opinionCases!.total).toBe(0);
  });
});
