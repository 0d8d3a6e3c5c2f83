import { SYSTEM_ACTOR } from '../model/actor';
import type { Customer } from '../model/customer';
import type { DmsEvent } from '../model/dms-event';
import { toEpoch } from '../model/primitives';
import type { Vehicle } from '../model/vehicle';
import type { Visit } from '../model/visit';
import { openComplaint } from './complaint-flow';
import { moveCustomer, upsertCustomer, upsertVehicle } from './customer-flow';
import type { EngineContext } from './engine-context';
import type { UnitOfWork } from './unit-of-work';
import { moveVisitAsSystem, scheduleFromRules } from './visit-flow';

/** What ingesting one DMS event did. */
export interface IngestResult {
  readonly sourceId: string;
  /** `duplicate`: the source id was seen before; nothing was done. */
  readonly status: 'ingested' | 'duplicate';
  readonly visitIds: readonly string[];
  readonly complaintIds: readonly string[];
}

/** Ingests one validated DMS event inside the caller's transaction. Idempotent on `sourceId`. */
export async function ingestEvent(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
): Promise<IngestResult> {
  const result = {
    sourceId: event.sourceId,
    visitIds: [] as string[],
    complaintIds: [] as string[],
  };
  if (!(await uow.tx.claimKey(event.dealerId, `dms:${event.sourceId}`))) {
    return { ...result, status: 'duplicate' };
  }
  const anchor = toEpoch(event.occurredAt);
  const dealerId = event.dealerId;
  /**
   * Schedules the visits the pack's rules ask for on this event: the rules see the event and its
   * customer and vehicle; each visit names them, the event, and `extra` (staff, repair order, …),
   * and keeps the event's `extras` as `dmsExtras`.
   */
  const schedule = async (
    customer: Customer,
    vehicle: Vehicle | undefined,
    extra: Partial<Visit['subject']> = {},
  ): Promise<void> => {
    const visits = await scheduleFromRules(
      uow,
      ctx,
      event.type,
      dealerId,
      anchor,
      { event, customer, ...(vehicle ? { vehicle } : {}) },
      {
        customerId: customer.id,
        ...(vehicle ? { vehicleId: vehicle.id } : {}),
        sourceEventId: event.sourceId,
        ...extra,
      },
      event.extras,
    );
    result.visitIds.push(...visits.map((v) => v.id));
  };

  switch (event.type) {
    case 'vehicle.delivered': {
      const customer = await upsertCustomer(uow, dealerId, event.customer);
      const vehicle = await upsertVehicle(uow, dealerId, customer.id, {
        ...event.vehicle,
        deliveryDate: event.vehicle.deliveryDate ?? ctx.calendarFor(dealerId).localDate(anchor),
      });
      const owner =
        (await moveCustomer(
          uow,
          ctx,
          dealerId,
          customer.id,
          'becomeOwner',
          `delivery ${event.sourceId}`,
        )) ?? customer;
      await schedule(
        owner,
        vehicle,
        event.salesConsultantId !== undefined ? { staffId: event.salesConsultantId } : {},
      );
      break;
    }
    case 'repair.settled': {
      const customer = await upsertCustomer(uow, dealerId, event.customer);
      const vehicle = await upsertVehicle(uow, dealerId, customer.id, event.vehicle);
      const active =
        (await moveCustomer(
          uow,
          ctx,
          dealerId,
          customer.id,
          'activate',
          `repair ${event.repairOrderId}`,
        )) ?? customer;
      await schedule(active, vehicle, {
        repairOrderId: event.repairOrderId,
        ...(event.serviceAdvisorId !== undefined ? { staffId: event.serviceAdvisorId } : {}),
      });
      break;
    }
    case 'vehicle.picked-up': {
      const vehicle = await uow.find('vehicle', dealerId, event.vehicleId);
      if (vehicle === undefined) break;
      const waiting = await uow.query({
        dealerId,
        kind: 'visit',
        customerId: vehicle.customerId,
        status: 'doNotVisit',
      });
      for (const row of waiting) {
        const visit = await uow.load('visit', dealerId, row.id);
        if (visit.subject.vehicleId !== vehicle.id) continue;
        if (
          event.repairOrderId !== undefined &&
          visit.subject.repairOrderId !== event.repairOrderId
        )
          continue;
        await moveVisitAsSystem(uow, ctx, visit, 'resume', `vehicle picked up (${event.sourceId})`);
      }
      break;
    }
    case 'appointment.booked': {
      const customer = await upsertCustomer(uow, dealerId, event.customer);
      const vehicle = event.vehicle
        ? await upsertVehicle(uow, dealerId, customer.id, event.vehicle)
        : undefined;
      await schedule(customer, vehicle);
      break;
    }
    case 'complaint.received': {
      const customer = await upsertCustomer(uow, dealerId, event.customer);
      const vehicle = event.vehicle
        ? await upsertVehicle(uow, dealerId, customer.id, event.vehicle)
        : undefined;
      const complaint = await openComplaint(uow, ctx, {
        dealerId,
        actor: SYSTEM_ACTOR,
        customerId: customer.id,
        ...(vehicle ? { vehicleId: vehicle.id } : {}),
        source: event.source,
        ...(event.category !== undefined ? { category: event.category } : {}),
        ...(event.nature !== undefined ? { nature: event.nature } : {}),
        description: event.description,
        ...(event.extras !== undefined ? { dmsExtras: event.extras } : {}),
      });
      result.complaintIds.push(complaint.id);
      await schedule(customer, vehicle, { complaintId: complaint.id });
      break;
    }
    case 'customer.changed': {
      await upsertCustomer(uow, dealerId, event.customer);
      break;
    }
  }
  return { ...result, status: 'ingested' };
}
