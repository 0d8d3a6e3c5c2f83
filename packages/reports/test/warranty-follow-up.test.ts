/**
 * "100 % follow-up during warranty" ([004] "Durante el período de garantía, la tasa de visitas de
 * retorno del cliente es del 100%") as a figure, with the warranty terms of [003] from the pack,
 * through the real engine on the 2026 China calendar, on memory and SQLite.
 */
import {
  type Actor,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  loadRulePack,
  type StorageAdapter,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { buildReport, monthPeriod, warrantyFollowUp } from '../src';
import { removeDuties } from './scenario';

const DEALER = 'd1';
/**
 * The Great Wall pack without the default pack's duties (thank-you, usage check, …: core's
 * duties.test.ts), so the visits counted below are the seeds' follow-up visits of 002.
 */
const rules = loadRulePack({
  id: 'great-wall-without-duties',
  version: '1',
  extends: 'great-wall',
  visits: removeDuties(),
});
const agent: Actor = { kind: 'person', id: 'agent-1', roles: ['followUpAgent'] };
const AT = '2026-03-02T09:00:00+08:00';
/** Friday 03-06 noon: the first-level windows (3 working days from Mon 03-02) have closed. */
const AS_OF = new Date('2026-03-06T12:00:00+08:00');

const customer = (n: number) => ({
  id: `c${n}`,
  name: `客户${n}`,
  phones: [{ number: `1380000000${n}` }],
});
const vin = (n: number) => `LGWEF4A59RH00000${n}`;

const events: DmsEventInput[] = [
  // A: a taxi delivered today — in warranty (12 months).
  {
    type: 'vehicle.delivered',
    sourceId: 'DEL-A',
    dealerId: DEALER,
    occurredAt: AT,
    customer: customer(1),
    vehicle: { id: 'A', vin: vin(1), usage: 'taxi' },
  },
  // B: a private car delivered today — in warranty (24 months).
  {
    type: 'vehicle.delivered',
    sourceId: 'DEL-B',
    dealerId: DEALER,
    occurredAt: AT,
    customer: customer(2),
    vehicle: { id: 'B', vin: vin(2) },
  },
  // C: known from a repair only, no delivery date: its warranty cannot be told.
  {
    type: 'repair.settled',
    sourceId: 'RO-C',
    dealerId: DEALER,
    occurredAt: AT,
    customer: customer(3),
    vehicle: { id: 'C', vin: vin(3) },
    repairOrderId: 'RO-C',
    repairKind: 'general',
  },
  // D: a private car delivered 2023-01-10: its 24 months ended on 2025-01-09.
  {
    type: 'repair.settled',
    sourceId: 'RO-D',
    dealerId: DEALER,
    occurredAt: AT,
    customer: customer(4),
    vehicle: { id: 'D', vin: vin(4), deliveryDate: '2023-01-10' },
    repairOrderId: 'RO-D',
    repairKind: 'general',
  },
];

/** A's first-level visit is made at once (which owes its second-level one); B's is not. */
async function run(storage: StorageAdapter) {
  const clock = createFakeClock(AT);
  let n = 0;
  const engine = createEngine({ storage, clock, rules, newId: () => `id-${++n}` });
  const [a] = await engine.ingestMany(events);
  const visitId = a!.visitIds[0]!;
  await engine.recordAttempt({ dealerId: DEALER, visitId, actor: agent, outcome: 'connected' });
  await engine.completeVisit({ dealerId: DEALER, visitId, actor: agent, answers: {} });
  clock.set(AS_OF);
}

const STORES: [string, () => StorageAdapter][] = [
  ['memory', () => memoryStorage()],
  ['sqlite', () => sqliteStorage({ filename: ':memory:' })],
];

for (const [name, open] of STORES) {
  describe(name, () => {
    it('[004] "Durante el período de garantía … 100%": visits owed vs made for cars in warranty', async () => {
      const storage = open();
      await run(storage);
      const w = await warrantyFollowUp(storage, {
        dealerId: DEALER,
        period: monthPeriod(2026, 3),
        rules,
        asOf: AS_OF,
      });
      // In warranty: A's first-level (made) and second-level (due 03-12, pending), B's
      // first-level (due 03-05, overdue) — 1 of 3 made. C's post-repair visit: unknown; D's:
      // out of warranty.
      expect(w.inWarranty).toMatchObject({ due: 3, done: 1, pending: 1, overdue: 1 });
      expect(w.inWarranty.followUpRate).toBeCloseTo(1 / 3, 12);
      expect([w.unknown, w.outOfWarranty]).toEqual([1, 1]);

      // The pack's yearly target (100 %) is shown next to it, not met.
      const report = await buildReport(storage, {
        dealerId: DEALER,
        period: monthPeriod(2026, 3),
        rules,
        asOf: AS_OF,
        sections: ['followUp'],
      });
      const target = report.targets.find((t) => t.figure === 'warrantyFollowUpRate');
      expect(target).toMatchObject({
        comparison: 'atLeast',
        target: 1,
        period: 'year',
        met: false,
      });
      expect(target!.value).toBeCloseTo(1 / 3, 12);
      await storage.close?.();
    });
  });
}
