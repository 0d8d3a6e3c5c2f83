import { memoryStorage } from '@dealercare/storage-memory';
import { afterAll, afterEach } from 'vitest';
import {
  type Actor,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  defaultRulePack,
  type EngineEvent,
  type EngineOptions,
  loadRulePack,
  type StorageAdapter,
} from '../../src';
import type { TestAdapter } from '../adapters/adapters';

export const DEALER = 'd1';
export const agent: Actor = {
  kind: 'person',
  id: 'agent-1',
  name: '王芳',
  roles: ['followUpAgent'],
};
export const afterSales: Actor = { kind: 'person', id: 'as-1', roles: ['afterSalesManager'] };
export const serviceManager: Actor = { kind: 'person', id: 'sm-1', roles: ['serviceManager'] };
export const csManager: Actor = { kind: 'person', id: 'cs-1', roles: ['csManager'] };

/**
 * An engine with a fake clock starting at `start` (Beijing time), on memory storage unless
 * `over.storage` says otherwise. Engine tests use the `setup` of {@link onAdapter}, which runs
 * them on every adapter.
 */
export function setup(start = '2026-03-02T09:00:00+08:00', over: Partial<EngineOptions> = {}) {
  const clock = createFakeClock(start);
  let n = 0;
  const engine = createEngine({
    storage: memoryStorage(),
    clock,
    newId: () => `id-${++n}`,
    ...over,
  });
  const seen: EngineEvent[] = [];
  engine.on('*', (_type, e) => seen.push(e));
  return { engine, clock, seen, types: () => seen.map((e) => e.type) };
}

/**
 * What the tests of one adapter's `describe` use: `setup` builds an engine on a fresh store of
 * `adapter`, `freshStorage` opens one for a test to hold on to (to look at or change its
 * rows through the port, or to wrap), and `runs` scales a property's run count to the adapter.
 * Call it at the top of `describe(adapter.name, …)`: it registers the hooks that release each
 * test's stores and, at the end, what the adapter left behind.
 */
export function onAdapter(adapter: TestAdapter) {
  afterEach(() => adapter.release());
  afterAll(() => adapter.dispose());
  return {
    freshStorage: (): StorageAdapter => adapter.open(),
    setup: (start?: string, over: Partial<EngineOptions> = {}) =>
      setup(start, { ...over, storage: over.storage ?? adapter.open() }),
    runs: (runs: number) => adapter.runs(runs),
  };
}

/**
 * The visits the default pack makes on a delivery without birthday consent, in pack order: the
 * first-level visit [002] and the duties of 001/003 — thank-you within a week, usage check in
 * weeks 2–3, first-maintenance reminder, and the dormancy solicitation three months on.
 */
export const DELIVERY_VISIT_TYPES = [
  'firstLevel',
  'thankYou',
  'usageCheck',
  'firstMaintenance',
  'maintenanceSolicitation',
] as const;

/**
 * The default pack without its duties (the rules with a `duty`): for tests of mechanics that
 * count what one event announces (notifier pages), not of the duties (duties.test.ts).
 */
export const WITHOUT_DUTIES = withoutDuties('default');

/** A shipped pack (`default`, `great-wall`) without the duties of the default pack. */
export function withoutDuties(base: 'default' | 'great-wall') {
  return loadRulePack({
    id: `${base}-without-duties`,
    version: '1',
    extends: base,
    visits: defaultRulePack.visits
      .filter((v) => 'duty' in v)
      .map((v) => ({ id: v.id, $remove: true })),
  });
}

export function delivery(
  over: Partial<Extract<DmsEventInput, { type: 'vehicle.delivered' }>> = {},
): DmsEventInput {
  return {
    type: 'vehicle.delivered',
    sourceId: 'DMS-DEL-1',
    dealerId: DEALER,
    occurredAt: '2026-03-02T09:00:00+08:00',
    customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
    vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', model: 'Haval H6' },
    salesConsultantId: 'sc-1',
    ...over,
  };
}

/** An appointment booked on 03-02 for 03-09 09:00 (the day-before duties key on it). */
export function appointment(
  over: Partial<Extract<DmsEventInput, { type: 'appointment.booked' }>> = {},
): DmsEventInput {
  return {
    type: 'appointment.booked',
    sourceId: 'DMS-APT-1',
    dealerId: DEALER,
    occurredAt: '2026-03-02T09:00:00+08:00',
    customer: { id: 'c3', name: '王五', phones: [{ number: '13700002222' }] },
    vehicle: { id: 'car3', vin: 'LGWEF4A59RH000003' },
    appointmentId: 'APT-1',
    appointmentAt: '2026-03-09T09:00:00+08:00',
    ...over,
  };
}

export function repair(
  over: Partial<Extract<DmsEventInput, { type: 'repair.settled' }>> = {},
): DmsEventInput {
  return {
    type: 'repair.settled',
    sourceId: 'DMS-RO-1',
    dealerId: DEALER,
    occurredAt: '2026-03-02T08:50:00+08:00',
    customer: { id: 'c2', name: '李四', phones: [{ number: '13900001111' }] },
    vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002' },
    repairOrderId: 'RO-1',
    repairKind: 'special',
    serviceAdvisorId: 'sa-1',
    ...over,
  };
}

/**
 * A repair order no service advisor received: outside the CSI sample (10 per advisor [002]), so
 * its only visit is the post-repair one — for tests about that visit's timers and windows.
 */
export function repairOutsideSample(
  over: Partial<Extract<DmsEventInput, { type: 'repair.settled' }>> = {},
): DmsEventInput {
  const { serviceAdvisorId: _sa, ...event } = repair(over) as Extract<
    DmsEventInput,
    { type: 'repair.settled' }
  >;
  return event;
}

/**
 * Opens a price complaint for customer `c1` (ingest a delivery first) and takes it to
 * "solution proposed", where the default pack stops the resolution clock. Returns its id.
 */
export async function complaintAwaitingCustomer(
  engine: ReturnType<typeof setup>['engine'],
): Promise<string> {
  const c = await engine.openComplaint({
    dealerId: DEALER,
    actor: csManager,
    customerId: 'c1',
    source: 'inboundCall',
    description: '价格',
    category: 'repairPrice',
  });
  await engine.moveComplaint({
    dealerId: DEALER,
    complaintId: c.id,
    actor: serviceManager,
    command: 'startInvestigation',
  });
  await engine.moveComplaint({
    dealerId: DEALER,
    complaintId: c.id,
    actor: serviceManager,
    command: 'proposeSolution',
    solution: '工时费打八折',
  });
  return c.id;
}

/** Records the customer's answer to the proposed solution. */
export function customerDecides(
  engine: ReturnType<typeof setup>['engine'],
  complaintId: string,
  accepted: boolean,
) {
  return engine.moveComplaint({
    dealerId: DEALER,
    complaintId,
    actor: serviceManager,
    command: 'recordCustomerDecision',
    accepted,
  });
}
