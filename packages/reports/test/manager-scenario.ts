import {
  type Actor,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  type StorageAdapter,
} from '@dealercare/core';
import { rules } from './scenario';

/**
 * March 2026 at one Great Wall dealer, made through the real engine, for the figures a manager
 * asks for beyond the basic report: the complaint backlog, the contact rate, follow-up per
 * service advisor, results per secondary outlet and the rework rate. Every expected figure in
 * `manager-figures.test.ts` is derived by hand from the steps below. March 2026 has no holiday:
 * Mondays are 03-02, 03-09, 03-16, 03-23, 03-30; work ends at 17:30.
 */
export const DEALER = 'd2';
export { rules };
/** "Now" of the report: after the last step. */
export const AS_OF = new Date('2026-03-31T12:00:00+08:00');

const agent: Actor = {
  kind: 'person',
  id: 'agent-1',
  name: '王芳',
  roles: ['followUpAgent', 'stationManager'],
};
const csManager: Actor = { kind: 'person', id: 'cs-1', roles: ['csManager'] };
const serviceManager: Actor = { kind: 'person', id: 'sm-1', roles: ['serviceManager'] };
const technicalDirector: Actor = {
  kind: 'person',
  id: 'td-1',
  name: '赵强',
  roles: ['technicalDirector'],
};

function repair(
  order: string,
  car: string,
  kind: 'general' | 'special' | 'maintenance' | 'warranty',
  at: string,
  advisor?: string,
) {
  return {
    type: 'repair.settled',
    sourceId: `DMS-${order}`,
    dealerId: DEALER,
    occurredAt: at,
    customer: { id: `owner-${car}`, name: `车主${car}`, phones: [{ number: '13600000001' }] },
    vehicle: { id: `car-${car}`, vin: `LGWEF4A59RH2000${car.charCodeAt(0)}` },
    repairOrderId: order,
    repairKind: kind,
    ...(advisor !== undefined ? { serviceAdvisorId: advisor } : {}),
  } satisfies DmsEventInput;
}

function delivery(n: number, outlet?: string) {
  return {
    type: 'vehicle.delivered',
    sourceId: `DMS-DEL-${n}`,
    dealerId: DEALER,
    occurredAt: '2026-03-02T09:00:00+08:00',
    customer: { id: `buyer-${n}`, name: `买家${n}`, phones: [{ number: `1380000000${n}` }] },
    vehicle: { id: `new-${n}`, vin: `LGWEF4A59RH30000${n}` },
    salesConsultantId: 'sc-1',
    ...(outlet !== undefined ? { outletId: outlet } : {}),
  } satisfies DmsEventInput;
}

/** Runs the month on `storage`; returns the engine and the ids the tests name. */
export async function runManagerScenario(storage: StorageAdapter) {
  const clock = createFakeClock('2026-03-02T09:00:00+08:00');
  let n = 0;
  const engine = createEngine({
    storage,
    clock,
    rules,
    newId: () => `m-${String(++n).padStart(3, '0')}`,
  });
  const at = async (instant: string) => {
    clock.set(instant);
    await engine.tick();
  };
  /** The visits an ingested event made, by type. */
  const ingest = async (event: DmsEventInput) => {
    clock.set(String(event.occurredAt));
    const [r] = await engine.ingestMany([event]);
    const visits = await Promise.all(r!.visitIds.map((id) => engine.getVisit(DEALER, id)));
    return Object.fromEntries(visits.map((v) => [v.type, v.id]));
  };
  const attempt = (
    visitId: string,
    outcome: 'connected' | 'no-answer' | 'refused' | 'call-back-later' | 'wrong-number',
    extra: { callBackAt?: string } = {},
  ) => engine.recordAttempt({ dealerId: DEALER, visitId, actor: agent, outcome, ...extra });
  const complete = (visitId: string, answers: Record<string, number | boolean>) =>
    engine.completeVisit({ dealerId: DEALER, visitId, actor: agent, answers });

  // Deliveries, Mon 03-02 09:00: first-level visits (gw-ssi, due Thu 03-05). Deliveries 1 and 2
  // came from outlet o-1, delivery 3 from outlet o-2, delivery 4 from the dealer itself.
  const fl1 = (await ingest(delivery(1, 'o-1'))).firstLevel!;
  const fl2 = (await ingest(delivery(2, 'o-1'))).firstLevel!;
  const fl3 = (await ingest(delivery(3, 'o-2'))).firstLevel!;
  const fl4 = (await ingest(delivery(4))).firstLevel!;

  // Repairs. Each makes a post-repair visit (general, maintenance, warranty: window working day
  // 3–5; special: within 5 working days); a repair naming its service advisor also takes a CSI
  // sample place (10 per advisor [002]; window working day 3–7). Car A comes back on 03-12 for
  // another general repair; car B's second visit is of another kind; car C's second is
  // maintenance; car D gets a repair-technique complaint on 03-10; car E is repaired late.
  const a1 = await ingest(repair('RO-A1', 'A', 'general', '2026-03-02T09:00:00+08:00', 'sa-1'));
  const b1 = await ingest(repair('RO-B1', 'B', 'special', '2026-03-03T09:00:00+08:00', 'sa-2'));
  const c1 = await ingest(repair('RO-C1', 'C', 'general', '2026-03-04T09:00:00+08:00', 'sa-2'));
  const d1 = await ingest(repair('RO-D1', 'D', 'warranty', '2026-03-05T09:00:00+08:00'));
  const b2 = await ingest(repair('RO-B2', 'B', 'general', '2026-03-06T09:00:00+08:00'));
  const c2 = await ingest(repair('RO-C2', 'C', 'maintenance', '2026-03-09T09:00:00+08:00'));
  const a2 = await ingest(repair('RO-A2', 'A', 'general', '2026-03-12T09:00:00+08:00'));
  await ingest(repair('RO-E1', 'E', 'general', '2026-03-25T09:00:00+08:00'));

  // Mon 03-02: FL1 done (SSI index 80, compliance 100, recommends); FL4's number is wrong.
  await at('2026-03-02T10:00:00+08:00');
  await attempt(fl1, 'connected');
  await complete(fl1, {
    courtesy: 10,
    productKnowledge: 8,
    deliveryDuration: 6,
    uniformDress: true,
    testDriveOffered: true,
    wouldRecommend: true,
  });
  await attempt(fl4, 'wrong-number');
  // Tue 03-03: FL3 done (index 100, compliance 50, would not recommend).
  await at('2026-03-03T10:00:00+08:00');
  await attempt(fl3, 'connected');
  await complete(fl3, {
    courtesy: 10,
    productKnowledge: 10,
    deliveryDuration: 10,
    uniformDress: true,
    testDriveOffered: false,
    wouldRecommend: false,
  });
  // Wed 03-04: B1's special-repair visit done, customer unhappy (3 and 5 → index 40, alert).
  await at('2026-03-04T10:00:00+08:00');
  await attempt(b1.postRepair!, 'connected');
  await complete(b1.postRepair!, { repairQuality: 3, complaintHandling: 5 });
  // Thu 03-05: A1's post-repair visit done (9 and 10 → index 95, satisfied); A1's CSI visit
  // not answered, and again on Fri → unreachable.
  await at('2026-03-05T10:00:00+08:00');
  await attempt(a1.postRepair!, 'connected');
  await complete(a1.postRepair!, { repairQuality: 9, complaintHandling: 10 });
  await attempt(a1.csi!, 'no-answer');
  await at('2026-03-06T10:00:00+08:00');
  await attempt(a1.csi!, 'no-answer');
  // Fri 03-06: B1's CSI visit refused.
  await attempt(b1.csi!, 'refused');
  // Mon 03-09: C1's customer asks to be called back.
  await at('2026-03-09T10:00:00+08:00');
  await attempt(c1.postRepair!, 'call-back-later', { callBackAt: '2026-03-10T10:00:00+08:00' });
  // Tue 03-10: D1's customer does not answer.
  await at('2026-03-10T10:00:00+08:00');
  await attempt(d1.postRepair!, 'no-answer');
  // Mon 03-16: B2's visit done late (due Fri 03-13), 8 and 8 → index 80, satisfied.
  await at('2026-03-16T10:00:00+08:00');
  await attempt(b2.postRepair!, 'connected');
  await complete(b2.postRepair!, { repairQuality: 8, complaintHandling: 8 });
  // Tue 03-17: A2's visit done on time (due Thu 03-19), 10 and 10 → index 100, satisfied.
  await at('2026-03-17T10:00:00+08:00');
  await attempt(a2.postRepair!, 'connected');
  await complete(a2.postRepair!, { repairQuality: 10, complaintHandling: 10 });

  // Complaints (no tick after them: no ladder step moves them). Resolution due 2 working days
  // after opening, at the end of work.
  const open = async (
    instant: string,
    customerId: string,
    category: 'serviceAttitude' | 'repairTechnique' | 'partsShortage' | 'repairPrice',
    vehicleId?: string,
  ) => {
    clock.set(instant);
    const k = await engine.openComplaint({
      dealerId: DEALER,
      actor: csManager,
      customerId,
      ...(vehicleId !== undefined ? { vehicleId } : {}),
      source: 'inboundCall',
      description: '投诉',
      category,
    });
    return k.id;
  };
  const move = (id: string, actor: Actor, command: string, extra: Record<string, unknown> = {}) =>
    engine.moveComplaint({
      dealerId: DEALER,
      complaintId: id,
      actor,
      command,
      ...extra,
    } as Parameters<typeof engine.moveComplaint>[0]);
  const resolve = async (id: string) => {
    await move(id, serviceManager, 'startInvestigation');
    await move(id, serviceManager, 'proposeSolution', { solution: '方案' });
    await move(id, serviceManager, 'recordCustomerDecision', { accepted: true });
    await move(id, serviceManager, 'startResolving');
    await move(id, serviceManager, 'resolve', { resolution: '已处理' });
  };
  // K0, Thu 02-26 (February): attitude → service manager, nobody took it; due at the end of its
  // second working day, before March.
  const k0 = await open('2026-02-26T10:00:00+08:00', 'buyer-2', 'serviceAttitude');
  // K3, Mon 03-02 10:00: attitude, resolved Tue 03-03 10:00; the satisfaction check (7 days)
  // never starts → resolved only.
  const k3 = await open('2026-03-02T10:00:00+08:00', 'buyer-1', 'serviceAttitude');
  // K4, Mon 03-02 10:30: price, resolved Tue 03-03 10:00, the customer satisfied → closed.
  const k4 = await open('2026-03-02T10:30:00+08:00', 'buyer-3', 'repairPrice');
  clock.set('2026-03-03T10:00:00+08:00');
  await resolve(k3);
  await resolve(k4);
  await move(k4, csManager, 'beginSatisfactionCheck');
  await move(k4, csManager, 'recordSatisfaction', { satisfied: true });
  // K1, Tue 03-10 10:00: car D not fixed (repair technique) → technical director, taken by td-1,
  // investigating; due Thu 03-12 17:30.
  const k1 = await open('2026-03-10T10:00:00+08:00', 'owner-D', 'repairTechnique', 'car-D');
  await engine.claim({
    dealerId: DEALER,
    item: { kind: 'complaint', id: k1 },
    actor: technicalDirector,
  });
  await move(k1, technicalDirector, 'startInvestigation');
  // K2, Mon 03-30 10:00: parts shortage → parts manager; due Wed 04-01 17:30.
  const k2 = await open('2026-03-30T10:00:00+08:00', 'owner-E', 'partsShortage');
  clock.set(AS_OF);
  return {
    engine,
    visits: { fl1, fl2, fl3, fl4, c2: c2.postRepair! },
    complaints: { k0, k1, k2, k3, k4 },
  };
}
