/**
 * Invariants of the rework (返修) rule, over random repairs and complaints: whatever the data,
 * the figures are consistent, do not depend on the order rows are read in, and a longer window
 * never counts fewer repairs as reworked.
 */
import type { Complaint, Visit } from '@dealercare/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReworkMetrics, type ReworkReport } from '../src';
import { resolvePeriod } from '../src/period/report-period';

const period = resolvePeriod({ from: '2026-03-01', to: '2026-03-31' }, 'Asia/Shanghai');
const DAY = 86_400_000;
const KINDS = ['general', 'special', 'warranty', 'maintenance', undefined] as const;

interface RepairSpec {
  readonly vehicle: number;
  readonly day: number;
  readonly kind: (typeof KINDS)[number];
}

/** A stored visit made after a repair, with only the fields the rework rule reads. */
function visit(r: RepairSpec, i: number): Visit {
  const at = new Date(period.start + r.day * DAY).toISOString();
  return {
    subject: { customerId: 'c', repairOrderId: `RO-${i}`, vehicleId: `car-${r.vehicle}` },
    window: { opensAt: at, dueAt: at, anchoredAt: at },
    createdAt: at,
    history: [
      {
        at,
        actor: { kind: 'system', id: 'system' },
        command: 'schedule',
        from: null,
        to: 'open',
        ...(r.kind !== undefined ? { facts: { 'event.repairKind': r.kind } } : {}),
      },
    ],
  } as unknown as Visit;
}

function complaint(vehicle: number, day: number): Complaint {
  return {
    category: 'repairTechnique',
    vehicleId: `car-${vehicle}`,
    createdAt: new Date(period.start + day * DAY).toISOString(),
  } as unknown as Complaint;
}

const repairs = fc.array(
  fc.record({
    vehicle: fc.integer({ min: 0, max: 3 }),
    day: fc.integer({ min: -5, max: 70 }),
    kind: fc.constantFrom(...KINDS),
  }),
  { maxLength: 25 },
);
const complaints = fc.array(
  fc.record({ vehicle: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: -5, max: 70 }) }),
  { maxLength: 6 },
);

function run(
  rs: readonly RepairSpec[],
  ks: readonly { vehicle: number; day: number }[],
  days: number,
  order: (n: number) => number[] = (n) => [...Array(n).keys()],
): ReworkReport {
  const asOf = period.start + 40 * DAY;
  const m = new ReworkMetrics(period, asOf, days);
  const visits = rs.map(visit);
  for (const i of order(visits.length)) m.addVisit(visits[i]!);
  for (const k of ks) m.addComplaint(complaint(k.vehicle, k.day));
  return m.result();
}

describe('rework rule invariants', () => {
  it('keeps its figures consistent', () => {
    fc.assert(
      fc.property(repairs, complaints, fc.integer({ min: 1, max: 60 }), (rs, ks, days) => {
        const r = run(rs, ks, days);
        expect(r.reworked).toBeLessThanOrEqual(r.repairs);
        expect(r.reworked).toBeLessThanOrEqual(r.byRepeatRepair + r.byComplaint);
        expect(Math.max(r.byRepeatRepair, r.byComplaint)).toBeLessThanOrEqual(r.reworked);
        expect(r.reworked + r.stillWatched).toBeLessThanOrEqual(r.repairs);
        expect(r.byKind.reduce((n, k) => n + k.repairs, 0)).toBe(r.repairs);
        expect(r.byKind.reduce((n, k) => n + k.reworked, 0)).toBe(r.reworked);
        expect(r.byKind.map((k) => k.key)).not.toContain('maintenance');
      }),
    );
  });

  it('does not depend on the order the visits are read in', () => {
    fc.assert(
      fc.property(repairs, complaints, fc.integer({ min: 1, max: 60 }), (rs, ks, days) => {
        const reversed = run(rs, ks, days, (n) => [...Array(n).keys()].reverse());
        expect(reversed).toEqual(run(rs, ks, days));
      }),
    );
  });

  it('never counts fewer repairs as reworked with a longer window', () => {
    fc.assert(
      fc.property(
        repairs,
        complaints,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        (rs, ks, days, more) => {
          expect(run(rs, ks, days + more).reworked).toBeGreaterThanOrEqual(
            run(rs, ks, days).reworked,
          );
        },
      ),
    );
  });
});
