import { SYSTEM_ACTOR } from '../model/actor';
import type { Customer } from '../model/customer';
import type { DmsEvent } from '../model/dms-event';
import { toEpoch } from '../model/primitives';
import type { Vehicle } from '../model/vehicle';
import type { Visit } from '../model/visit';
import { openComplaint } from './complaint-flow';
import { correctEvent } from './correction';
import { moveCustomer, upsertCustomer, upsertVehicle } from './customer-flow';
import type { EngineContext } from './engine-context';
import {
  applyParkedPickUps,
  applyPickUp,
  noteRepairOrder,
  parkPickUp,
  withPickUp,
} from './pick-up';
import { sourceFingerprint } from './source-fingerprint';
import type { UnitOfWork } from './unit-of-work';
import { scheduleFromRules } from './visit-flow';

/** What ingesting one DMS event did. */
export interface IngestResult {
  readonly sourceId: string;
  /**
   * `ingested`: applied. `duplicate`: this source id was seen before with the same payload;
   * nothing was done. `corrected`: seen before with a different payload — applied as a
   * correction (see docs/events.md). `parked`: it needs an event not seen yet (a pick-up before
   * its repair order); kept, and applied when that arrives (`engine.listParkedEvents`).
   * `imported`: a past event of `importHistory`, older than its cutoff: the customer, the vehicle
   * and their history are updated, and nothing is scheduled.
   */
  readonly status: 'ingested' | 'duplicate' | 'corrected' | 'parked' | 'imported';
  readonly visitIds: readonly string[];
  readonly complaintIds: readonly string[];
}

/** The DMS idempotency key of a source id. */
export const sourceKey = (sourceId: string) => `dms:${sourceId}`;

/**
 * Ingests one validated DMS event inside the caller's transaction. Idempotent on `sourceId`
 * and its payload: an identical re-delivery is a `duplicate`, a different one a correction.
 */
export async function ingestEvent(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
  historical = false,
): Promise<IngestResult> {
  const claim = await uow.tx.claimSource(
    event.dealerId,
    sourceKey(event.sourceId),
    sourceFingerprint(event),
  );
  if (claim === 'same') {
    return { sourceId: event.sourceId, status: 'duplicate', visitIds: [], complaintIds: [] };
  }
  if (claim === 'changed' && !historical) return correctEvent(uow, ctx, event);
  return applyEvent(uow, ctx, event, historical);
}

/**
 * Schedules the visits the pack's rules ask for on an event: the rules see the event and its
 * customer and vehicle; each visit names them, the event, and `extra` (staff, repair order, …),
 * and keeps the event's `extras` as `dmsExtras`.
 */
export async function scheduleForEvent(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
  customer: Customer,
  vehicle: Vehicle | undefined,
  extra: Partial<Visit['subject']> = {},
): Promise<Visit[]> {
  return scheduleFromRules(
    uow,
    ctx,
    event.type,
    event.dealerId,
    toEpoch(event.occurredAt),
    { event, customer, ...(vehicle ? { vehicle } : {}) },
    {
      customerId: customer.id,
      ...(vehicle ? { vehicleId: vehicle.id } : {}),
      sourceEventId: event.sourceId,
      ...extra,
    },
    event.extras,
  );
}

/** What a visit made from this event names besides customer and vehicle. */
export function visitSubjectExtra(event: DmsEvent): Partial<Visit['subject']> {
  switch (event.type) {
    case 'vehicle.delivered':
      return {
        ...(event.salesConsultantId !== undefined ? { staffId: event.salesConsultantId } : {}),
        ...(event.outletId !== undefined ? { outletId: event.outletId } : {}),
      };
    case 'repair.settled':
      return {
        repairOrderId: event.repairOrderId,
        ...(event.serviceAdvisorId !== undefined ? { staffId: event.serviceAdvisorId } : {}),
      };
    default:
      return {};
  }
}

/** The customer and vehicle an event names, written (last writer wins by event time). */
export async function upsertParties(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
): Promise<{ customer?: Customer; vehicle?: Vehicle }> {
  const dealerId = event.dealerId;
  const at = event.occurredAt;
  switch (event.type) {
    case 'vehicle.delivered': {
      const customer = await upsertCustomer(uow, dealerId, event.customer, at);
      const vehicle = await upsertVehicle(
        uow,
        dealerId,
        customer.id,
        {
          ...event.vehicle,
          deliveryDate:
            event.vehicle.deliveryDate ?? ctx.calendarFor(dealerId).localDate(toEpoch(at)),
        },
        at,
      );
      return { customer, vehicle };
    }
    case 'repair.settled':
    case 'appointment.booked':
    case 'complaint.received': {
      const customer = await upsertCustomer(uow, dealerId, event.customer, at);
      const vehicle = event.vehicle
        ? await upsertVehicle(uow, dealerId, customer.id, event.vehicle, at)
        : undefined;
      return { customer, ...(vehicle ? { vehicle } : {}) };
    }
    case 'customer.changed':
      return { customer: await upsertCustomer(uow, dealerId, event.customer, at) };
    case 'vehicle.picked-up':
      return {};
  }
}

/** Adds the ids of `visits` to `ids`. */
function pushIds(ids: string[], visits: readonly Visit[]): void {
  for (const v of visits) ids.push(v.id);
}

/** Schedules what the pack's rules ask for on the event (not for a past, historical one). */
async function schedule(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
  historical: boolean,
  customer: Customer,
  vehicle: Vehicle | undefined,
  visitIds: string[],
): Promise<void> {
  if (historical) return;
  pushIds(
    visitIds,
    await scheduleForEvent(uow, ctx, event, customer, vehicle, visitSubjectExtra(event)),
  );
}

/**
 * Applies a DMS event seen for the first time. `historical`: a past event of a history import —
 * the customer, vehicle and repair orders are updated and the customer's state moves, but no
 * visit is scheduled, no complaint opened, and a pick-up without its order is dropped.
 */
async function applyEvent(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
  historical = false,
): Promise<IngestResult> {
  const visitIds: string[] = [];
  const complaintIds: string[] = [];
  const dealerId = event.dealerId;
  const { customer, vehicle } = await upsertParties(uow, ctx, event);

  switch (event.type) {
    case 'vehicle.delivered': {
      const owner =
        (await moveCustomer(
          uow,
          ctx,
          dealerId,
          customer!.id,
          'becomeOwner',
          `delivery ${event.sourceId}`,
        )) ?? customer!;
      await schedule(uow, ctx, event, historical, owner, vehicle, visitIds);
      break;
    }
    case 'repair.settled': {
      const active =
        (await moveCustomer(
          uow,
          ctx,
          dealerId,
          customer!.id,
          'activate',
          `repair ${event.repairOrderId}`,
        )) ?? customer!;
      const noted = await noteRepairOrder(uow, vehicle!, event);
      if (historical) break;
      // The rules see the order as picked up when a pick-up that came first already ended it.
      const visits = await scheduleForEvent(
        uow,
        ctx,
        withPickUp(event, noted),
        active,
        noted,
        visitSubjectExtra(event),
      );
      pushIds(visitIds, visits);
      await applyParkedPickUps(uow, ctx, event);
      break;
    }
    case 'vehicle.picked-up': {
      const outcome = await applyPickUp(uow, ctx, event, `vehicle picked up (${event.sourceId})`);
      if (outcome === 'unmatched') {
        if (historical) return result(event, 'imported', visitIds, complaintIds);
        await parkPickUp(uow, ctx, event, ctx.parkedEventWait);
        return result(event, 'parked', visitIds, complaintIds);
      }
      break;
    }
    case 'appointment.booked':
      await schedule(uow, ctx, event, historical, customer!, vehicle, visitIds);
      break;
    case 'complaint.received': {
      if (historical) break;
      const complaint = await openComplaint(
        uow,
        ctx,
        {
          dealerId,
          actor: SYSTEM_ACTOR,
          customerId: customer!.id,
          ...(vehicle ? { vehicleId: vehicle.id } : {}),
          source: event.source,
          ...(event.category !== undefined ? { category: event.category } : {}),
          ...(event.nature !== undefined ? { nature: event.nature } : {}),
          description: event.description,
          ...(event.extras !== undefined ? { dmsExtras: event.extras } : {}),
        },
        event.sourceId,
      );
      complaintIds.push(complaint.id);
      const visits = await scheduleForEvent(uow, ctx, event, customer!, vehicle, {
        complaintId: complaint.id,
      });
      pushIds(visitIds, visits);
      break;
    }
    case 'customer.changed':
      break;
  }
  return result(event, historical ? 'imported' : 'ingested', visitIds, complaintIds);
}

/** What {@link applyEvent} answers: the ids are the lists it filled. */
function result(
  event: DmsEvent,
  status: IngestResult['status'],
  visitIds: string[],
  complaintIds: string[],
): IngestResult {
  return { sourceId: event.sourceId, status, visitIds, complaintIds };
}
