import { memoryStorage } from '@dealercare/storage-memory';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { runMonth } from '../src/month-at-dealer';

describe('the quickstart month', () => {
  it('is the same month on every run with the same seed, in memory and on SQLite', async () => {
    const days: number[] = [];
    const a = await runMonth({ storage: memoryStorage(), onDay: (d) => days.push(d) });
    const sqlite = sqliteStorage({ filename: ':memory:' });
    const b = await runMonth({ storage: sqlite });
    await sqlite.close();
    expect(b).toEqual(a);
    expect(days).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const other = await runMonth({ storage: memoryStorage(), seed: 7 });
    expect(other).not.toEqual(a);
  });

  it('works the visits, runs the opinion and complaint flows, and escalates late complaints', async () => {
    const s = await runMonth({ storage: memoryStorage() });
    const visits = Object.values(s.visitsByState).reduce((x, y) => x + y, 0);
    expect(s.dmsEvents).toBeGreaterThan(100);
    expect(visits).toBeGreaterThan(100);
    // agents call six customers an hour: nothing open is left behind its window
    expect(s.completedLate).toBe(0);
    expect(s.visitsByState.completed).toBeGreaterThan(visits / 2);
    expect(s.visitsByState.doNotVisit).toBeGreaterThan(0); // some vehicles not picked up
    expect(s.opinionCasesByState.closed).toBeGreaterThan(0);
    expect(s.complaintsByState.closed).toBeGreaterThan(0);
    expect(s.escalations).toBeGreaterThan(0);
    // SSI with the first-level visits, the second-level record and the post-repair form, and
    // CSI for the sample [002].
    expect(Object.keys(s.meanIndex).sort()).toEqual([
      'gw-csi',
      'gw-post-repair',
      'gw-second-level',
      'gw-ssi',
    ]);
    for (const i of Object.values(s.meanIndex)) expect(i).toBeGreaterThan(60);
    // The duties of 001/003 are in the month: thank-you, usage check, first maintenance,
    // dormancy solicitation, the appointment's day before, birthday care.
    for (const duty of [
      'thankYou',
      'usageCheck',
      'firstMaintenance',
      'maintenanceSolicitation',
      'appointmentReminder',
      'appointmentPreparation',
      'birthdayCare',
    ]) {
      expect(s.visitsByType[duty]).toBeGreaterThan(0);
    }
    // The report cadence of 000/002/004, started on 1 March: the CSI hand-in of each working
    // day but the last (due in April), the GM's list and the quality meeting each Friday. The
    // monthly reports start with March's, due by 3 April: none is due within the month.
    expect(s.reportsDue['csi-daily']).toBeGreaterThanOrEqual(20);
    expect(s.reportsDue['opinion-weekly']).toBeGreaterThanOrEqual(4);
    expect(s.reportsDue['quality-weekly']).toBe(s.reportsDue['opinion-weekly']);
    expect(Object.keys(s.reportsDue).sort()).toEqual([
      'csi-daily',
      'opinion-weekly',
      'quality-weekly',
    ]);
  });
});
