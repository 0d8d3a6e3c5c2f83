import type { DmsEventInput } from '@dealercare/core';

const at = '2026-03-02T10:00:00+08:00'; // Monday
const customer = (n: number) => ({
  id: `c${n}`,
  name: `客户${n}`,
  phones: [{ number: `1380000000${n}` }],
});
const vehicle = (n: number) => ({ id: `v${n}`, vin: `LGWEF4A59RH00000${n}` });
const repair = (n: number, repairKind: string, extra: object = {}) =>
  ({
    type: 'repair.settled',
    sourceId: `RO-${n}`,
    dealerId: 'd1',
    occurredAt: at,
    customer: customer(n),
    vehicle: vehicle(n),
    repairOrderId: `RO-${n}`,
    repairKind,
    ...extra,
  }) as DmsEventInput;

/** A morning's DMS events at one dealer. */
export const SAMPLE_EVENTS: readonly DmsEventInput[] = [
  {
    type: 'vehicle.delivered',
    sourceId: 'DEL-1',
    dealerId: 'd1',
    occurredAt: at,
    customer: customer(1),
    vehicle: vehicle(1),
  },
  repair(2, 'special'),
  repair(3, 'general'),
  repair(4, 'warranty'),
  repair(5, 'warranty', { pickedUp: false }),
];
