import {
  type Actor,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  loadRulePack,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { describe, expect, it } from 'vitest';
import { reportByPackVersion } from '../src';
import { removeDuties, rules } from './scenario';

const DEALER = 'd1';
const csManager: Actor = { kind: 'person', id: 'cs-1', roles: ['csManager'] };
const repair = (n: number, day: string, repairKind: 'special' | 'general'): DmsEventInput => ({
  type: 'repair.settled',
  sourceId: `RO-${n}`,
  dealerId: DEALER,
  occurredAt: `${day}T09:00:00+08:00`,
  customer: { id: `c${n}`, name: `客户${n}`, phones: [{ number: `1360000000${n}` }] },
  vehicle: { id: `v${n}`, vin: `LGWEF4A59RH10000${n}` },
  repairOrderId: `RO-${n}`,
  repairKind,
  pickedUp: n !== 3,
});

describe('reportByPackVersion', () => {
  it('groups the items by the pack version that made them, before and after a switch', async () => {
    const storage = memoryStorage();
    const clock = createFakeClock('2026-03-02T09:00:00+08:00');
    // Without the default pack's duties: the counts are the repairs' own visits.
    const brand = rules;
    const next = loadRulePack({
      id: 'gw-next',
      version: '2',
      extends: 'great-wall',
      visits: [
        { id: 'post-repair-general', visit: { window: { fromWorkingDay: 2, toWorkingDay: 4 } } },
        ...removeDuties(),
      ],
    });
    const engine = createEngine({ storage, clock, rules: brand });
    // Under great-wall: two repairs on Monday 03-02, one not picked up (do not visit).
    await engine.ingest(repair(1, '2026-03-02', 'special'));
    await engine.ingest(repair(3, '2026-03-02', 'general'));
    await engine.scheduleRules({
      dealerId: DEALER,
      pack: next,
      effectiveFrom: '2026-03-04T00:00:00+08:00',
      openItems: { visit: 'pinned' },
      actor: csManager,
    });
    clock.set('2026-03-04T09:00:00+08:00');
    await engine.tick();
    // Under gw-next: three repairs on Wednesday 03-04.
    for (const n of [4, 5, 6]) await engine.ingest(repair(n, '2026-03-04', 'general'));

    const rows = await reportByPackVersion(storage, {
      dealerId: DEALER,
      period: { from: '2026-03-01', to: '2026-03-31' },
      asOf: new Date('2026-03-04T12:00:00+08:00'),
    });
    expect(rows.map((r) => [r.rulesVersion, r.packId, r.visits, r.visitsDoNotVisit])).toEqual([
      [brand.hash, undefined, 2, 1],
      [next.hash, 'gw-next', 3, 0],
    ]);
    expect(rows[1]!.effectiveFrom).toBe('2026-03-03T16:00:00.000Z');
    // A period before the switch sees only the first version.
    const early = await reportByPackVersion(storage, {
      dealerId: DEALER,
      period: { from: '2026-03-02', to: '2026-03-03' },
    });
    expect(early.map((r) => r.rulesVersion)).toEqual([brand.hash]);
    await engine.close();
  });
});
