import type { DomainEvent } from '../model/domain-event';
import type { EngineEventData } from './engine-event-data';

/** Every event type the engine emits. Subscribe with `engine.on(type, handler)`. */
export const ENGINE_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.moved',
  'customer.erased',
  'visit.scheduled',
  'visit.opened',
  'visit.attempted',
  'visit.blocked',
  'visit.phone-corrected',
  'visit.completed',
  'visit.unreachable',
  'visit.cancelled',
  'visit.do-not-visit',
  'visit.resumed',
  'visit.reopened',
  'visit.due-soon',
  'visit.overdue',
  'visit.retry-due',
  'visit.window-recomputed',
  'survey.alert',
  'opinion.recorded',
  'opinion.form-sent',
  'opinion.form-late',
  'opinion.handled',
  'opinion.form-overdue',
  'opinion.late-reason',
  'opinion.returned',
  'opinion.follow-up-overdue',
  'opinion.followed-up',
  'opinion.closed',
  'complaint.received',
  'complaint.moved',
  'complaint.escalated',
  'complaint.due-soon',
  'complaint.notify',
  'complaint.reassigned',
  'complaint.resolved',
  'complaint.satisfaction-check-due',
  'complaint.closed',
  'complaint.reopened',
  'complaint.deadline-recomputed',
  'opinion.deadline-recomputed',
  'calendar.provisional',
  'calendar.confirmed',
  'timer.failed',
  'timer.dead-lettered',
  'timer.revived',
  'timer.discarded',
  'dms.parked',
  'dms.applied',
  'dms.expired',
  'dms.corrected',
  'visit.assigned',
  'visit.call-back-due',
  'complaint.assigned',
  'opinion.assigned',
  'staff.updated',
  'rules.scheduled',
  'rules.switched',
  'visit.station-notified',
  'complaint.feedback-given',
  'complaint.feedback-overdue',
  'customer.lost',
  'opinion.recording',
  'opinion.weekly-list-signed',
  'report.due',
] as const;

/** An event type the engine emits. */
export type EngineEventType = (typeof ENGINE_EVENT_TYPES)[number];

/**
 * An event as emitted: a {@link DomainEvent} whose `type` is narrowed, `seq` assigned and `data`
 * typed per event type ({@link EngineEventData}).
 */
export type EngineEvent<T extends EngineEventType = EngineEventType> = {
  [K in T]: Omit<DomainEvent, 'type' | 'data'> & {
    readonly type: K;
    readonly seq: number;
    readonly data: EngineEventData[K];
  };
}[T];

/** The typed event map behind `engine.on` (mitt). `*` receives every event. */
export type EngineEvents = { [K in EngineEventType]: EngineEvent<K> };
