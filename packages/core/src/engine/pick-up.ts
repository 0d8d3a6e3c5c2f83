import { z } from 'zod';
import { actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { DmsEvent } from '../model/dms-event';
import { PARKED_EVENT_STATES, type ParkedEvent, parkedForVehicle } from '../model/parked-event';
import { idSchema, toEpoch, toInstant } from '../model/primitives';
import type { Vehicle } from '../model/vehicle';
import { resolveDeadline } from '../sla';
import type { DeadlineExpression } from '../sla/deadline-expression';
import { type EngineContext, makeTimer } from './engine-context';
import type { UnitOfWork } from './unit-of-work';
import { moveVisitAsSystem } from './visit-flow';

type PickedUp = Extract<DmsEvent, { type: 'vehicle.picked-up' }>;
type RepairSettled = Extract<DmsEvent, { type: 'repair.settled' }>;

/** Input of `engine.listParkedEvents`. */
export const parkedEventQuerySchema = z.strictObject({
  dealerId: idSchema,
  status: z.enum(PARKED_EVENT_STATES).default('waiting'),
  afterId: idSchema.optional(),
  limit: z.number().int().min(0).max(10_000).optional(),
});
/** Input of `engine.listParkedEvents`. */
export type ParkedEventQuery = z.input<typeof parkedEventQuerySchema>;

/** How long a parked event waits for the one it needs, by default. */
export const DEFAULT_PARKED_EVENT_WAIT: DeadlineExpression = { days: 7 };

/** At most this many repair orders are remembered per vehicle. */
const REPAIR_ORDERS_KEPT = 20;

/**
 * Remembers a settled repair order on its vehicle (and whether the car was picked up). A pick-up
 * already applied to the order stands: a correction of the order does not undo it. So does a
 * pick-up naming no order that came after the order was settled, even if it arrived first.
 */
export async function noteRepairOrder(
  uow: UnitOfWork,
  vehicle: Vehicle,
  event: RepairSettled,
): Promise<Vehicle> {
  const known = vehicle.repairOrders ?? [];
  const last = vehicle.lastPickUp;
  const pickedUpBy =
    known.find((o) => o.id === event.repairOrderId)?.pickedUpBy ??
    (last !== undefined && toEpoch(last.at) >= toEpoch(event.occurredAt)
      ? last.sourceId
      : undefined);
  const repairOrders = [
    ...known.filter((o) => o.id !== event.repairOrderId),
    {
      id: event.repairOrderId,
      settledAt: event.occurredAt,
      pickedUp: event.pickedUp || pickedUpBy !== undefined,
      ...(pickedUpBy !== undefined ? { pickedUpBy } : {}),
    },
  ].slice(-REPAIR_ORDERS_KEPT);
  return uow.save('vehicle', { ...vehicle, repairOrders });
}

/**
 * The repair order as its rules should see it: "not picked up" in a corrected order whose pick-up
 * was already applied reads as picked up.
 */
export function withPickUp(event: RepairSettled, vehicle: Vehicle | undefined): RepairSettled {
  if (event.pickedUp) return event;
  const order = vehicle?.repairOrders?.find((o) => o.id === event.repairOrderId);
  return order?.pickedUpBy !== undefined ? { ...event, pickedUp: true } : event;
}

/** What a pick-up did. */
export type PickUpOutcome = 'applied' | 'nothing-waiting' | 'unmatched';

/**
 * Applies a pick-up: the repair orders it ends (the one it names, or every one settled before it
 * was picked up) are marked picked up and their "do not visit" visits resume. `unmatched` when
 * the vehicle or its repair order is not known yet: the caller parks the event.
 */
export async function applyPickUp(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: PickedUp,
  reason: string,
): Promise<PickUpOutcome> {
  const vehicle = await uow.find('vehicle', event.dealerId, event.vehicleId);
  if (vehicle === undefined) return 'unmatched';
  const at = toEpoch(event.occurredAt);
  const orders = vehicle.repairOrders ?? [];
  const ended = orders.filter((o) =>
    event.repairOrderId !== undefined ? o.id === event.repairOrderId : toEpoch(o.settledAt) <= at,
  );
  const waiting = new Set(ended.filter((o) => !o.pickedUp).map((o) => o.id));
  // Every order it ends remembers the pick-up, also one whose payload said "picked up" already
  // (a correction may say otherwise later).
  const marked = new Set(ended.filter((o) => o.pickedUpBy === undefined).map((o) => o.id));
  // One naming no order also ends the orders settled before it that have not arrived yet.
  const latest =
    event.repairOrderId === undefined &&
    (vehicle.lastPickUp === undefined || toEpoch(vehicle.lastPickUp.at) < at);
  if (marked.size > 0 || latest) {
    await uow.save('vehicle', {
      ...vehicle,
      repairOrders: orders.map((o) =>
        marked.has(o.id) ? { ...o, pickedUp: true, pickedUpBy: event.sourceId } : o,
      ),
      ...(latest ? { lastPickUp: { sourceId: event.sourceId, at: event.occurredAt } } : {}),
    });
  }
  // "Do not visit" visits of the vehicle for the orders it ends (also those made before the
  // vehicle remembered its repair orders).
  const held = await uow.query({
    dealerId: event.dealerId,
    kind: 'visit',
    customerId: vehicle.customerId,
    status: 'doNotVisit',
  });
  const tracked = new Set(orders.map((o) => o.id));
  let resumed = 0;
  for (const row of held) {
    const visit = await uow.load('visit', event.dealerId, row.id);
    if (visit.subject.vehicleId !== vehicle.id) continue;
    const ro = visit.subject.repairOrderId;
    if (event.repairOrderId !== undefined && ro !== event.repairOrderId) continue;
    // A tracked order this pick-up does not end (settled after it) keeps its visit held.
    if (ro !== undefined && tracked.has(ro) && !waiting.has(ro)) continue;
    await moveVisitAsSystem(uow, ctx, visit, 'resume', reason);
    resumed++;
  }
  if (resumed > 0 || waiting.size > 0) return 'applied';
  return ended.length > 0 ? 'nothing-waiting' : 'unmatched';
}

/** Keeps a pick-up that came before its repair order, until it arrives or the wait expires. */
export async function parkPickUp(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: PickedUp,
  wait: DeadlineExpression,
): Promise<ParkedEvent> {
  const cal = ctx.calendarFor(event.dealerId);
  const expiresAt = resolveDeadline(wait, uow.now, cal);
  const parked: ParkedEvent = {
    id: `${parkedForVehicle(event.vehicleId)}${event.sourceId}`,
    dealerId: event.dealerId,
    sourceId: event.sourceId,
    event: { ...event },
    waitsFor: {
      kind: 'repair.settled',
      vehicleId: event.vehicleId,
      ...(event.repairOrderId !== undefined ? { repairOrderId: event.repairOrderId } : {}),
    },
    occurredAt: event.occurredAt,
    expiresAt: toInstant(expiresAt),
    state: 'waiting',
    version: 0,
    history: [
      uow.fact({ actor: actorRef(SYSTEM_ACTOR), command: 'park', from: null, to: 'waiting' }),
    ],
    createdAt: uow.at,
    updatedAt: uow.at,
  };
  const saved = await uow.save('parkedEvent', parked);
  const ref = { kind: 'parkedEvent' as const, id: saved.id };
  await uow.replaceTimers(event.dealerId, ref, [
    makeTimer(event.dealerId, ref, 'parked.expire', expiresAt, ['waiting']),
  ]);
  uow.emit('dms.parked', event.dealerId, ref, {
    sourceId: event.sourceId,
    type: event.type,
    waitsFor: saved.waitsFor,
    expiresAt: saved.expiresAt,
  });
  return saved;
}

/**
 * After a repair order was settled: applies the pick-ups parked for its vehicle that it lets
 * apply (same order, or none named, and picked up no earlier than it was settled).
 */
export async function applyParkedPickUps(
  uow: UnitOfWork,
  ctx: EngineContext,
  repair: RepairSettled,
): Promise<void> {
  const prefix = parkedForVehicle(repair.vehicle.id);
  const rows = await uow.query({
    dealerId: repair.dealerId,
    kind: 'parkedEvent',
    status: 'waiting',
    afterId: prefix,
    limit: 50,
  });
  const settledAt = toEpoch(repair.occurredAt);
  for (const row of rows) {
    if (!row.id.startsWith(prefix)) break;
    const parked = await uow.load('parkedEvent', repair.dealerId, row.id);
    const wanted = parked.waitsFor.repairOrderId;
    if (wanted !== undefined && wanted !== repair.repairOrderId) continue;
    if (toEpoch(parked.occurredAt) < settledAt) continue;
    const event = parked.event as unknown as PickedUp;
    await applyPickUp(
      uow,
      ctx,
      event,
      `vehicle picked up (${parked.sourceId}, waited for ${repair.sourceId})`,
    );
    const saved = await uow.save('parkedEvent', {
      ...parked,
      state: 'applied',
      appliedWith: repair.sourceId,
      history: [
        ...parked.history,
        uow.fact({
          actor: actorRef(SYSTEM_ACTOR),
          command: 'apply',
          from: 'waiting',
          to: 'applied',
          reason: `repair order ${repair.repairOrderId} arrived (${repair.sourceId})`,
        }),
      ],
    });
    await uow.cancelTimers(repair.dealerId, { kind: 'parkedEvent', id: saved.id });
    uow.emit(
      'dms.applied',
      repair.dealerId,
      { kind: 'parkedEvent', id: saved.id },
      { sourceId: parked.sourceId, type: event.type, appliedWith: repair.sourceId },
    );
  }
}

/** A parked event's wait ran out: it is kept as expired, and announced for a person to look at. */
export async function expireParkedEvent(uow: UnitOfWork, parked: ParkedEvent): Promise<void> {
  await uow.save('parkedEvent', {
    ...parked,
    state: 'expired',
    history: [
      ...parked.history,
      uow.fact({
        actor: actorRef(SYSTEM_ACTOR),
        command: 'expire',
        from: 'waiting',
        to: 'expired',
        rule: 'timer:parked.expire',
      }),
    ],
  });
  uow.emit(
    'dms.expired',
    parked.dealerId,
    { kind: 'parkedEvent', id: parked.id },
    { sourceId: parked.sourceId, type: String(parked.event.type), waitsFor: parked.waitsFor },
  );
}
