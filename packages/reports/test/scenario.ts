import {
  type Actor,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  loadRulePack,
  SHIPPED_PACKS,
  type StorageAdapter,
} from '@dealercare/core';

/**
 * A fortnight at one Great Wall dealer, driven through the real engine so every stored record
 * is what production would store. Expected figures in the tests are derived by hand from the
 * steps below (see the comments), never copied from output.
 */
export const DEALER = 'd1';
/**
 * The Great Wall pack without the default pack's duties (thank-you, usage check, dormancy, …:
 * core's duties.test.ts): the figures below are derived by hand from the seeds' visits.
 */
export const rules = loadRulePack({
  id: 'great-wall-without-duties',
  version: '1',
  extends: 'great-wall',
  visits: removeDuties(),
});

/** Overrides that remove the default pack's duty rules from a pack that extends it. */
export function removeDuties(): { id: string; $remove: true }[] {
  return (SHIPPED_PACKS.default as { visits: { id: string; duty?: unknown }[] }).visits
    .filter((v) => v.duty !== undefined)
    .map((v) => ({ id: v.id, $remove: true }));
}
/** "Now" of the report: after the last step. */
export const AS_OF = new Date('2026-03-10T12:00:00+08:00');

const agent1: Actor = { kind: 'person', id: 'agent-1', name: '王芳', roles: ['followUpAgent'] };
const agent2: Actor = { kind: 'person', id: 'agent-2', name: '李静', roles: ['followUpAgent'] };
const csManager: Actor = { kind: 'person', id: 'cs-1', roles: ['csManager'] };
const serviceManager: Actor = { kind: 'person', id: 'sm-1', roles: ['serviceManager'] };

/** Display names passed to the report (personal data). */
export const PEOPLE = { 'agent-1': '王芳', 'agent-2': '李静', 'sc-1': '刘洋', 'sc-2': '陈晨' };

function delivery(n: number, customer: string, name: string, phone: string, staff: string) {
  return {
    type: 'vehicle.delivered',
    sourceId: `DMS-DEL-${n}`,
    dealerId: DEALER,
    occurredAt: '2026-03-02T09:00:00+08:00',
    customer: { id: customer, name, phones: [{ number: phone }] },
    vehicle: { id: `car-${n}`, vin: `LGWEF4A59RH00000${n}`, model: 'Haval H6' },
    salesConsultantId: staff,
  } satisfies DmsEventInput;
}

function repair(
  n: number,
  customer: string,
  kind: 'special' | 'general',
  pickedUp = true,
  advisor?: string,
) {
  return {
    type: 'repair.settled',
    sourceId: `DMS-RO-${n}`,
    dealerId: DEALER,
    occurredAt: '2026-03-02T09:00:00+08:00',
    customer: { id: customer, name: `客户${n}`, phones: [{ number: `1360000000${n}` }] },
    vehicle: { id: `rcar-${n}`, vin: `LGWEF4A59RH10000${n}` },
    repairOrderId: `RO-${n}`,
    repairKind: kind,
    pickedUp,
    ...(advisor !== undefined ? { serviceAdvisorId: advisor } : {}),
  } satisfies DmsEventInput;
}

/** SSI answers: three scale items, two process items and the recommend item. */
function ssi(
  courtesy: number,
  knowledge: number,
  duration: number,
  dress: boolean,
  testDrive: boolean,
  recommend: boolean,
) {
  return {
    courtesy,
    productKnowledge: knowledge,
    deliveryDuration: duration,
    uniformDress: dress,
    testDriveOffered: testDrive,
    wouldRecommend: recommend,
  };
}

/** Runs the scenario on `storage` and returns the engine (closed by the caller). */
export async function runScenario(storage: StorageAdapter) {
  const clock = createFakeClock('2026-03-02T09:00:00+08:00'); // Monday, Beijing
  let n = 0;
  const engine = createEngine({
    storage,
    clock,
    rules,
    newId: () => `id-${String(++n).padStart(3, '0')}`,
  });

  // Six deliveries → six first-level visits (gw-ssi); sc-1 sold to c1, c2, c5; sc-2 to c3, c4, c6.
  const del = await engine.ingestMany([
    delivery(1, 'c1', '张三', '13812345678', 'sc-1'),
    delivery(2, 'c2', '李四', '13900001111', 'sc-1'),
    delivery(3, 'c3', '王五', '13700002222', 'sc-2'),
    delivery(4, 'c4', '赵六', '13600003333', 'sc-2'),
    delivery(5, 'c5', '孙七', '13500004444', 'sc-1'),
    delivery(6, 'c6', '周八', '13400005555', 'sc-2'),
  ]);
  const [v1, v2, v3, v4, v5] = del.map((d) => d.visitIds[0]!);
  // Two special repairs → post-repair visits (gw-post-repair); one general repair not picked up
  // → a post-repair visit marked "do not visit". Only repair 1 names its service advisor, so it
  // alone takes a place in the CSI sample (10 per advisor [002]): a CSI visit (gw-csi), c1.
  const rep = await engine.ingestMany([
    repair(1, 'c7', 'special', true, 'sa-1'),
    repair(2, 'c8', 'special'),
    repair(3, 'c9', 'general', false),
  ]);
  const [r1, r2] = rep.map((r) => r.visitIds[0]!);
  const c1 = rep[0]!.visitIds[1]!;

  const attempt = (visitId: string, actor: Actor, outcome: 'connected' | 'no-answer' | 'refused') =>
    engine.recordAttempt({ dealerId: DEALER, visitId, actor, outcome });
  const complete = (visitId: string, actor: Actor, answers: Record<string, number | boolean>) =>
    engine.completeVisit({ dealerId: DEALER, visitId, actor, answers });

  // Monday 03-02 10:00.
  clock.set('2026-03-02T10:00:00+08:00');
  await attempt(v1!, agent1, 'connected');
  await complete(v1!, agent1, ssi(10, 8, 6, true, true, true)); // index 80, compliance 100
  await attempt(v2!, agent1, 'no-answer');
  await attempt(v3!, agent2, 'no-answer');

  // Tuesday 03-03.
  clock.set('2026-03-03T10:00:00+08:00');
  await attempt(v2!, agent1, 'connected');
  await complete(v2!, agent1, ssi(9, 9, 6, true, false, true)); // index 80, compliance 50
  clock.set('2026-03-03T11:00:00+08:00');
  await attempt(v3!, agent2, 'no-answer'); // second failed attempt of 2 → unreachable
  clock.set('2026-03-03T14:00:00+08:00');
  await attempt(v5!, agent2, 'connected');
  await complete(v5!, agent2, ssi(10, 10, 10, true, true, true)); // index 100, compliance 100
  clock.set('2026-03-03T15:00:00+08:00');
  await attempt(r1!, agent1, 'connected');
  await complete(r1!, agent1, { repairQuality: 9, complaintHandling: 10 }); // index 95
  clock.set('2026-03-03T15:30:00+08:00');
  await attempt(r2!, agent1, 'refused'); // → cancelled

  // Thursday 03-05: the CSI visit's window opened (working day 3 after the repair).
  clock.set('2026-03-05T10:00:00+08:00');
  await engine.tick();
  await attempt(c1, agent1, 'connected');
  await complete(c1, agent1, {
    repairQuality: 9,
    serviceProcess: 10,
    waitingEnvironment: 8,
    wouldRecommend: true,
  }); // CSI index 90: below the yearly 93 % target [004], yet no alert for one answer

  // Complaints, all opened Monday 03-02 09:30 (resolution due 2 working days later, 03-04 09:30).
  clock.set('2026-03-02T09:30:00+08:00');
  const open = (
    customerId: string,
    source: 'inboundCall' | 'onSite' | 'followUpCall',
    category: 'repairPrice' | 'partsShortage' | 'serviceAttitude',
  ) =>
    engine.openComplaint({
      dealerId: DEALER,
      actor: csManager,
      customerId,
      source,
      description: '投诉',
      category,
    });
  const move = (complaintId: string, command: string, extra: Record<string, unknown> = {}) =>
    engine.moveComplaint({
      dealerId: DEALER,
      complaintId,
      actor: serviceManager,
      command,
      ...extra,
    } as Parameters<typeof engine.moveComplaint>[0]);
  const k1 = await open('c1', 'inboundCall', 'repairPrice');
  const k2 = await open('c2', 'onSite', 'partsShortage'); // never handled
  const k3 = await open('c3', 'followUpCall', 'serviceAttitude');
  for (const k of [k1, k3]) {
    await move(k.id, 'startInvestigation');
    await move(k.id, 'proposeSolution', { solution: '方案' });
    await move(k.id, 'recordCustomerDecision', { accepted: true }); // same instant: no pause
    await move(k.id, 'startResolving');
  }
  // K1 resolved Tuesday 03-03 10:00: in time; 390 + 90 = 480 working minutes = 8 h.
  clock.set('2026-03-03T10:00:00+08:00');
  await move(k1.id, 'resolve', { resolution: '已退差价' });
  // K3 resolved Friday 03-06 10:00: late; then the customer is not satisfied → reopened, with
  // a fresh deadline of 2 working days (Tuesday 03-10 10:00).
  clock.set('2026-03-06T10:00:00+08:00');
  await move(k3.id, 'resolve', { resolution: '道歉' });
  await engine.moveComplaint({
    dealerId: DEALER,
    complaintId: k3.id,
    actor: csManager,
    command: 'beginSatisfactionCheck',
  });
  await engine.moveComplaint({
    dealerId: DEALER,
    complaintId: k3.id,
    actor: csManager,
    command: 'recordSatisfaction',
    satisfied: false,
  });

  // Tuesday 03-10 10:00: visit 4 is finally done, long after its window closed.
  clock.set('2026-03-10T10:00:00+08:00');
  await attempt(v4!, agent2, 'connected');
  await complete(v4!, agent2, ssi(7, 5, 3, false, false, false)); // index 50, compliance 0

  // 12:00: timers fire (ladders of K2 and K3, windows of second-level visits).
  clock.set(AS_OF);
  await engine.tick();
  return { engine, complaints: { k1: k1.id, k2: k2.id, k3: k3.id } };
}
