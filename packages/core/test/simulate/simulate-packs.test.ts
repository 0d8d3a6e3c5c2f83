import { readFileSync } from 'node:fs';
import { memoryStorage } from '@dealercare/storage-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chinaCalendar,
  type DmsEventInput,
  deskWorkload,
  loadRulePack,
  SHIPPED_PACKS,
  simulatePacks,
  simulationFiles,
} from '../../src';

/** The quickstart demo's month of DMS events (examples/quickstart, `month-events`). */
const EVENTS: DmsEventInput[] = readFileSync(new URL('./demo-month.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as DmsEventInput);
const greatWall = loadRulePack(SHIPPED_PACKS['great-wall']);
const storage = () => memoryStorage();

/** Beijing local time as an instant, the way the engine stores it. */
const beijing = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('simulating the demo month against a changed great-wall pack', () => {
  // Three changes: first-level visits within 2 working days instead of 3; no post-repair visit
  // after maintenance; price complaints to the after-sales manager instead of the default role.
  const changed = loadRulePack({
    id: 'great-wall-next',
    version: '2',
    extends: 'great-wall',
    visits: [
      { id: 'first-level-after-delivery', visit: { window: { workingDays: 2 } } },
      {
        id: 'post-repair-general',
        when: {
          all: [
            { fact: 'event', path: 'repairKind', operator: 'in', value: ['general', 'warranty'] },
          ],
        },
      },
    ],
    complaints: {
      routing: [
        { categories: ['partsShortage', 'partsQuality'], role: 'partsManager' },
        { categories: ['repairTechnique', 'productQuality'], role: 'technicalDirector' },
        { categories: ['repairPrice'], role: 'afterSalesManager' },
      ],
    },
  });

  it('finds exactly the items the changes touch', async () => {
    const r = await simulatePacks({ events: EVENTS, pack: changed, against: greatWall, storage });
    expect(r.pack.rejected).toEqual([]);
    expect(r.against!.rejected).toEqual([]);
    const by = (kind: string, change: string) =>
      r.differences.filter((d) => d.kind === kind && d.change === change);

    // The month has 43 deliveries, 123 repairs (39 of them maintenance), 27 appointments and
    // 12 complaints (6 about the price): 205 events.
    expect(EVENTS).toHaveLength(43 + 123 + 27 + 12);
    const maintenance = EVENTS.filter(
      (e) => e.type === 'repair.settled' && e.repairKind === 'maintenance',
    ).map((e) => `haval-sjz-01 ${e.sourceId} post-repair-general`);
    expect(maintenance).toHaveLength(39);
    expect(by('visit', 'removed').map((d) => d.key)).toEqual([...maintenance].sort());

    // Every first-level visit is due one working day earlier, and nothing else about it changes.
    const firstLevel = by('visit', 'changed');
    expect(firstLevel).toHaveLength(43);
    for (const d of firstLevel) {
      expect(d.key).toMatch(/^haval-sjz-01 DEL-.* first-level-after-delivery$/);
      expect(d.fields.map((f) => f.field)).toEqual(['dueAt']);
    }
    const due = (sourceId: string) =>
      firstLevel.find((d) => d.key === `haval-sjz-01 ${sourceId} first-level-after-delivery`)!
        .fields[0];
    // Delivered Sunday 03-01: working days 1, 2, 3 are Mon 03-02, Tue 03-03, Wed 03-04.
    expect(due('DEL-20260301-0')).toEqual({
      field: 'dueAt',
      before: beijing('2026-03-04T17:30:00'),
      after: beijing('2026-03-03T17:30:00'),
    });
    // Delivered Friday 03-20: the weekend, then Mon 03-23, Tue 03-24, Wed 03-25.
    expect(due('DEL-20260320-119')).toEqual({
      field: 'dueAt',
      before: beijing('2026-03-25T17:30:00'),
      after: beijing('2026-03-24T17:30:00'),
    });

    // Price complaints change owner; parts and technique complaints keep theirs.
    const complaints = by('complaint', 'changed');
    expect(complaints).toHaveLength(6);
    for (const d of complaints) {
      expect(d.fields).toEqual([
        { field: 'role', before: 'serviceManager', after: 'afterSalesManager' },
      ]);
    }
    expect(r.differences).toHaveLength(39 + 43 + 6);

    // The CSI sample's visits (seed 002: 10 per service advisor, 4 advisors) are the same under
    // both. The duties of 001/003 too: a thank-you, a usage check and a first-maintenance reminder
    // per delivery (43); one dormancy solicitation per customer — every delivery and repair of the
    // month is a customer of its own (appointments and complaints come from repair customers and
    // do not re-arm it), so 43 + 123; a reminder and a preparation per appointment (27); birthday
    // care for the 14 delivered customers who consented (a replay calls nobody, so none is closed
    // and chained to next year).
    const duties = {
      thankYou: 43,
      usageCheck: 43,
      firstMaintenance: 43,
      maintenanceSolicitation: 43 + 123,
      appointmentReminder: 27,
      appointmentPreparation: 27,
      birthdayCare: 14,
    };
    expect(r.against!.totals.visitsByType).toEqual({
      firstLevel: 43,
      csi: 40,
      postRepair: 123,
      ...duties,
    });
    expect(r.pack.totals.visitsByType).toEqual({
      firstLevel: 43,
      csi: 40,
      postRepair: 123 - 39,
      ...duties,
    });
    expect(r.pack.totals.complaintsByRole).toEqual({
      afterSalesManager: 6,
      partsManager: 2,
      technicalDirector: 4,
    });
  });

  it('counts the desk’s calls per working day, and what is overdue at N calls a day', async () => {
    const r = await simulatePacks({
      events: EVENTS,
      pack: changed,
      against: greatWall,
      storage,
      perDay: 3,
    });
    for (const run of [r.pack, r.against!]) {
      // The follow-up desk's calls (special-repair visits are the station manager's, seed 002).
      const callable = run.visits.filter(
        (v) => v.role === 'followUpAgent' && ['scheduled', 'open', 'attempting'].includes(v.state),
      );
      const days = run.workload.filter((w) => w.role === 'followUpAgent');
      // Every call opens once and is worked once; no day works more than the desk can.
      expect(days.reduce((n, w) => n + w.opened, 0)).toBe(callable.length);
      expect(days.reduce((n, w) => n + w.worked, 0)).toBe(callable.length);
      expect(Math.max(...days.map((w) => w.worked))).toBeLessThanOrEqual(3);
      expect(days.every((w) => chinaCalendar().isWorkingDay(w.date))).toBe(true);
    }
    // Fewer calls, due sooner: the changed pack leaves less waiting overdue at 3 calls a day.
    const peak = (run: typeof r.pack) => Math.max(...run.workload.map((w) => w.overdue));
    expect(peak(r.pack)).toBeLessThan(peak(r.against!));
  });

  it('writes JSON, CSV and a self-contained HTML page', async () => {
    const r = await simulatePacks({
      events: EVENTS.slice(0, 40),
      pack: changed,
      against: greatWall,
      storage,
    });
    const files = simulationFiles(r);
    expect(Object.keys(files).sort()).toEqual([
      'complaints.csv',
      'differences.csv',
      'simulation.html',
      'simulation.json',
      'visits.csv',
      'workload.csv',
    ]);
    expect(JSON.parse(files['simulation.json']!).differences).toHaveLength(r.differences.length);
    expect(files['differences.csv']!.split('\r\n')[0]).toBe('kind,key,change,field,before,after');
    expect(files['visits.csv']!.trim().split('\r\n')).toHaveLength(
      1 + r.pack.visits.length + r.against!.visits.length,
    );
    const html = files['simulation.html']!;
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});

describe('simulating a pack against itself', () => {
  it('shows no differences, whatever the events and the pack', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(EVENTS, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('followUpAgent', 'csManager'),
        async (events, days, role) => {
          const pack = loadRulePack({
            id: 'variant',
            version: '1',
            extends: 'great-wall',
            visits: [
              {
                id: 'post-repair-special',
                visit: { window: { workingDays: days }, assigneeRole: role },
              },
            ],
          });
          const r = await simulatePacks({ events, pack, against: pack, storage });
          expect(r.differences).toEqual([]);
          expect(r.pack.workload).toEqual(r.against!.workload);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('deskWorkload', () => {
  it('works the earliest due first, rolls rest days forward and counts what is overdue', () => {
    const cal = chinaCalendar();
    const item = (opens: string, due: string) => ({
      role: 'agent',
      opensAt: beijing(`${opens}T09:00:00`),
      dueAt: beijing(`${due}T17:30:00`),
    });
    // Opened on Saturday 03-07: worked from Monday 03-09. One call a day.
    const days = deskWorkload(
      [
        item('2026-03-07', '2026-03-09'),
        item('2026-03-07', '2026-03-10'),
        item('2026-03-09', '2026-03-09'),
      ],
      cal,
      1,
    );
    expect(days).toEqual([
      {
        role: 'agent',
        date: '2026-03-09',
        opened: 3,
        due: 2,
        worked: 1,
        late: 0,
        waiting: 2,
        overdue: 1,
      },
      {
        role: 'agent',
        date: '2026-03-10',
        opened: 0,
        due: 1,
        worked: 1,
        late: 1,
        waiting: 1,
        overdue: 1,
      },
      {
        role: 'agent',
        date: '2026-03-11',
        opened: 0,
        due: 0,
        worked: 1,
        late: 1,
        waiting: 0,
        overdue: 0,
      },
    ]);
  });
});
