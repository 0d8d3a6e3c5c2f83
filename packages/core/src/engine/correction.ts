import { OPEN_COMPLAINT_STATES } from '../machines/complaint-machine';
import { actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { Complaint } from '../model/complaint';
import type { Customer } from '../model/customer';
import type { DmsEvent } from '../model/dms-event';
import { toEpoch, toInstant } from '../model/primitives';
import type { Vehicle } from '../model/vehicle';
import type { Visit } from '../model/visit';
import { routeComplaint } from './complaint-flow';
import { anchorOf, dutyGate } from './duty-flow';
import { type EngineContext, packFor, packOf } from './engine-context';
import type { IngestResult } from './ingest';
import { upsertParties, visitSubjectExtra } from './ingest';
import {
  applyParkedPickUps,
  applyPickUp,
  noteRepairOrder,
  parkPickUp,
  withPickUp,
} from './pick-up';
import { decodeRecord } from './record-codec';
import { takesSamplePlace } from './sample-quota';
import type { UnitOfWork } from './unit-of-work';
import {
  moveVisitAsSystem,
  PENDING_VISIT_STATES,
  recomputeVisit,
  scheduleVisit,
} from './visit-flow';

/** Complaint states in which a corrected DMS event may still change what the complaint says. */
const CORRECTABLE_COMPLAINT_STATES: readonly Complaint['state'][] = ['received', 'classified'];

/**
 * Applies a re-delivered DMS event whose payload differs from the first delivery: a correction.
 *
 * - The customer and vehicle take the corrected data (last writer wins by event time).
 * - A repair order keeps a pick-up already applied to it, whatever the corrected `pickedUp` says.
 * - The visits made from the event are brought in line with it: a pending visit whose rule no
 *   longer matches is cancelled, one whose rule still matches takes the corrected anchor time,
 *   staff and "do not visit" decision (its window recomputed), and a rule that now matches gets
 *   its visit. Visits already done stay as they are, and so do the follow-ups made from them
 *   (a second-level visit after a completed first-level one).
 * - A complaint made from it takes the corrected description, source, category and nature while
 *   it is still `received` or `classified` (re-routed when the category changed); later, the
 *   correction is reported in `dms.corrected` as not applied to it.
 *
 * Every change is on the item's history (command `correct`) and announced; `dms.corrected`
 * sums it up.
 */
export async function correctEvent(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: DmsEvent,
): Promise<IngestResult> {
  const reason = `DMS event ${event.sourceId} corrected`;
  const { customer, vehicle } = await upsertParties(uow, ctx, event);
  const visitIds: string[] = [];
  const complaintIds: string[] = [];
  const notApplied: string[] = [];
  switch (event.type) {
    case 'vehicle.delivered':
    case 'repair.settled':
    case 'appointment.booked': {
      let v = vehicle;
      let applied = event;
      if (event.type === 'repair.settled' && v !== undefined) {
        v = await noteRepairOrder(uow, v, event);
        applied = withPickUp(event, v);
      }
      visitIds.push(...(await reconcileVisits(uow, ctx, applied, customer!, v, reason)));
      if (event.type === 'repair.settled') await applyParkedPickUps(uow, ctx, event);
      break;
    }
    case 'complaint.received': {
      for (const c of await complaintsFrom(uow, event, customer!)) {
        complaintIds.push(c.id);
        if (!CORRECTABLE_COMPLAINT_STATES.includes(c.state)) {
          notApplied.push(`complaint ${c.id} is ${c.state}`);
          continue;
        }
        await correctComplaint(uow, ctx, c, event, reason);
      }
      break;
    }
    case 'vehicle.picked-up': {
      const parked = await uow.find(
        'parkedEvent',
        event.dealerId,
        `vehicle:${event.vehicleId}|${event.sourceId}`,
      );
      if (parked?.state === 'waiting') {
        await uow.save('parkedEvent', {
          ...parked,
          event: { ...event },
          history: [...parked.history, fact(uow, 'correct', 'waiting', 'waiting', reason)],
        });
      } else if ((await applyPickUp(uow, ctx, event, reason)) === 'unmatched' && !parked) {
        await parkPickUp(uow, ctx, event, ctx.parkedEventWait);
      }
      break;
    }
    case 'customer.changed':
      break;
  }
  uow.emit(
    'dms.corrected',
    event.dealerId,
    customer
      ? { kind: 'customer', id: customer.id }
      : { kind: 'vehicle', id: (event as { vehicleId: string }).vehicleId },
    { sourceId: event.sourceId, type: event.type, visitIds, complaintIds, notApplied },
  );
  return { sourceId: event.sourceId, status: 'corrected', visitIds, complaintIds };
}

function fact(uow: UnitOfWork, command: string, from: string, to: string, reason: string) {
  return uow.fact({ actor: actorRef(SYSTEM_ACTOR), command, from, to, reason });
}

/** The visits an event made, and the rules it matches now, brought in line. Returns their ids. */
async function reconcileVisits(
  uow: UnitOfWork,
  ctx: EngineContext,
  event: Extract<DmsEvent, { type: 'vehicle.delivered' | 'repair.settled' | 'appointment.booked' }>,
  customer: Customer,
  vehicle: Vehicle | undefined,
  reason: string,
): Promise<string[]> {
  const rows = await uow.query({
    dealerId: event.dealerId,
    kind: 'visit',
    customerId: customer.id,
  });
  // The visits the event itself made: a follow-up (a second-level visit after the first-level
  // one) names the event too, but comes from its own trigger, not from this event's rules.
  const made = rows
    .map((r) => decodeRecord('visit', r, { verify: uow.verifyReads }))
    .filter(
      (v) => v.subject.sourceEventId === event.sourceId && v.subject.previousVisitId === undefined,
    );
  const facts = { event, customer, ...(vehicle ? { vehicle } : {}) };
  const matched = await packFor(ctx, uow, event.dealerId).matchVisitRules(event.type, facts);
  const subject: Partial<Visit['subject']> = {
    ...visitSubjectExtra(event),
    ...(vehicle ? { vehicleId: vehicle.id } : {}),
  };
  const ids: string[] = [];
  for (const found of made) {
    const latest = await uow.load('visit', found.dealerId, found.id);
    ids.push(latest.id);
    const m = matched.find((x) => x.rule.id === latest.ruleId);
    const pending = PENDING_VISIT_STATES.includes(latest.state) || latest.state === 'doNotVisit';
    if (!pending) continue;
    if (m === undefined) {
      await moveVisitAsSystem(uow, ctx, latest, 'cancel', `${reason}: its rule no longer applies`);
      continue;
    }
    let v = latest;
    const nextSubject = { ...v.subject, ...subject };
    const at = anchorOf(m.rule, facts, toEpoch(event.occurredAt), ctx.calendarFor(v.dealerId));
    const anchoredAt = at === undefined ? event.occurredAt : toInstant(at);
    if (
      v.window.anchoredAt !== anchoredAt ||
      JSON.stringify(nextSubject) !== JSON.stringify(v.subject)
    ) {
      v = await uow.save('visit', {
        ...v,
        subject: nextSubject,
        window: { ...v.window, anchoredAt },
        history: [...v.history, fact(uow, 'correct', v.state, v.state, reason)],
      });
      if (v.state !== 'doNotVisit') await recomputeVisit(uow, ctx, v, reason);
      v = await uow.load('visit', v.dealerId, v.id);
    }
    if (m.doNotVisit && v.state !== 'doNotVisit') {
      await moveVisitAsSystem(uow, ctx, v, 'markDoNotVisit', `${reason}: vehicle not picked up`);
    } else if (!m.doNotVisit && v.state === 'doNotVisit') {
      await moveVisitAsSystem(uow, ctx, v, 'resume', `${reason}: vehicle picked up`);
    }
  }
  for (const m of matched) {
    if (made.some((v) => v.ruleId === m.rule.id)) continue;
    const newSubject: Visit['subject'] = {
      customerId: customer.id,
      sourceEventId: event.sourceId,
      ...subject,
    };
    const anchor = toEpoch(event.occurredAt);
    const at = anchorOf(m.rule, facts, anchor, ctx.calendarFor(event.dealerId));
    if (at === undefined) continue;
    const gate = await dutyGate(uow, ctx, m.rule, event.dealerId, newSubject, at, anchor);
    if (!gate.schedule) continue;
    if (!(await takesSamplePlace(uow, ctx, m.rule, event.dealerId, anchor, newSubject))) continue;
    const v = await scheduleVisit(uow, ctx, m.rule, event.dealerId, at, newSubject, m.doNotVisit, {
      customer,
      ...(event.extras !== undefined ? { dmsExtras: event.extras } : {}),
      ...(gate.duty !== undefined ? { duty: gate.duty } : {}),
    });
    ids.push(v.id);
  }
  return ids;
}

async function complaintsFrom(
  uow: UnitOfWork,
  event: DmsEvent,
  customer: Customer,
): Promise<Complaint[]> {
  const rows = await uow.query({
    dealerId: event.dealerId,
    kind: 'complaint',
    customerId: customer.id,
    status: [...OPEN_COMPLAINT_STATES],
  });
  return rows
    .map((r) => decodeRecord('complaint', r, { verify: uow.verifyReads }))
    .filter((c) => c.sourceEventId === event.sourceId);
}

async function correctComplaint(
  uow: UnitOfWork,
  ctx: EngineContext,
  found: Complaint,
  event: Extract<DmsEvent, { type: 'complaint.received' }>,
  reason: string,
): Promise<void> {
  const c = await uow.load('complaint', found.dealerId, found.id);
  const category = event.category ?? c.category;
  const next: Complaint = {
    ...c,
    description: event.description,
    source: event.source,
    ...(category !== undefined ? { category } : {}),
    ...(event.nature !== undefined ? { nature: event.nature } : {}),
    ...(category !== c.category && c.state === 'classified'
      ? { owner: { role: routeComplaint(packOf(ctx, uow, 'complaint', c), category) } }
      : {}),
    history: [...c.history, fact(uow, 'correct', c.state, c.state, reason)],
  };
  await uow.save('complaint', next);
}
