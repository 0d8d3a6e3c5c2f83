import type { ComplaintCommand } from '../machines/complaint-machine';
import type { CustomerCommand } from '../machines/customer-machine';
import type { VisitCommand } from '../machines/visit-machine';
import type { ComplaintState } from '../model/complaint';
import type { CustomerState, LostCause } from '../model/customer';
import type { TimerFailure } from '../model/dead-timer';
import type { OpinionCase, OpinionCaseState } from '../model/opinion-case';
import type { Instant, RoleId } from '../model/primitives';
import type { ReportPeriod } from '../model/report-cadence';
import type { VisitState } from '../model/visit';
import type { ErasureReceipt } from './erasure';

/** No fields. */
export type NoEventData = { readonly [key: string]: never };

/** A state change of a machine: from, to, and the command that made it. */
export interface TransitionEventData<S extends string, C extends string> {
  readonly from: S;
  readonly to: S;
  readonly command: C;
}

/** `visit.scheduled`. */
export interface VisitScheduledData {
  /** Visit type (`firstLevel`, `postRepair`, …). */
  readonly type: string;
  readonly ruleId: string;
  readonly opensAt: Instant;
  readonly dueAt: Instant;
  readonly customerId: string;
  /** The window or a timer was computed on a provisional calendar year (moved when the notice arrives). */
  readonly provisional: boolean;
}

/** `visit.attempted`. */
export interface VisitAttemptedData {
  readonly outcome: string;
  /** 1-based number of the attempt. */
  readonly attempt: number;
  /** The visit's state after the attempt. */
  readonly state: VisitState;
}

/** `visit.due-soon`, `visit.overdue`, `visit.retry-due` (timers). */
export interface VisitTimerData {
  readonly dueAt: Instant;
  readonly state: VisitState;
  readonly assigneeRole: RoleId;
}

/** `visit.window-recomputed`. */
export interface VisitWindowRecomputedData {
  readonly previousOpensAt: Instant;
  readonly previousDueAt: Instant;
  readonly opensAt: Instant;
  readonly dueAt: Instant;
  /** Whether the new window still touches a provisional calendar year. */
  readonly provisional: boolean;
}

/** `survey.alert`. */
export interface SurveyAlertData {
  /** Ids of the scale items at or below the pack's alert threshold. */
  readonly lowItems: readonly string[];
  /** The response's index, or `null` when it has none. */
  readonly index: number | null;
}

/** `opinion.recorded`. */
export interface OpinionRecordedData {
  readonly visitId: string | null;
  readonly department: string;
  readonly responsibleRole: RoleId;
  /** When the opinion form must have gone to the department. */
  readonly formSentBy: Instant;
  /** The deadline was computed on a provisional calendar year. */
  readonly provisional: boolean;
}

/**
 * `opinion.recording`: the call recording of an objection, to be sent with the form to the pack's
 * `opinion.recordingRecipients` (录音发送至总经理、客服经理、售后经理、售后信息员、前台主管 [000]) by
 * `sendBy` (the form deadline: before lunch for a morning call, before the end of the day for an
 * afternoon one).
 */
export interface OpinionRecordingData {
  /** The recording's reference (URI or id in the call system). */
  readonly ref: string;
  readonly recipients: readonly RoleId[];
  readonly sendBy: Instant;
}

/** `opinion.weekly-list-signed`: the GM signed the week's opinion-case list [000]. */
export interface OpinionWeeklyListSignedData {
  readonly period: ReportPeriod;
  /** The cases on the list when signed. */
  readonly caseIds: readonly string[];
  /** The signing role (`opinion.weeklyList.signedBy`). */
  readonly role: RoleId;
  /** The signer's id. */
  readonly signedBy: string;
  /** The GM's suggestions, or `null`. */
  readonly note: string | null;
}

/**
 * `report.due`: a report of the pack's `cadence` is due for a period — mail it to the recipients'
 * roles. Announced once per period, at the start of work on the due day (`late: true` when it
 * could only be announced after `dueAt`, e.g. the engine was down).
 */
export interface ReportDueData {
  /** The pack cadence entry's id. */
  readonly cadenceId: string;
  /** The report kind (`csi-daily`, `opinion-weekly`, `opinion-monthly`, …). */
  readonly report: string;
  /** The period the report covers (local dates). */
  readonly period: ReportPeriod;
  readonly dueAt: Instant;
  /** When the hand-in window opens (`opens` of a daily entry), or `null`. */
  readonly opensAt: Instant | null;
  readonly recipients: readonly RoleId[];
  readonly late: boolean;
}

/** `opinion.deadline-recomputed`. */
export interface OpinionDeadlineRecomputedData {
  readonly previousDue: OpinionCase['due'];
  readonly due: OpinionCase['due'];
}

/** State changes of an opinion case (`opinion.form-sent`, `opinion.closed`, …). */
export interface OpinionMovedData {
  readonly from: OpinionCaseState;
  readonly to: OpinionCaseState;
}

/** `opinion.form-overdue`: the form was not returned; tell these roles (the general manager). */
export interface OpinionFormOverdueData extends OpinionMovedData {
  readonly notify?: readonly RoleId[];
}

/** `opinion.form-late`, `opinion.follow-up-overdue` (timers). */
export interface OpinionTimerData {
  readonly responsibleRole: RoleId;
}

/** `complaint.received`. */
export interface ComplaintReceivedData {
  readonly source: string;
  readonly customerId: string;
  readonly dueAt: Instant;
  /** The tier-1 roles. */
  readonly notify: readonly RoleId[];
  /** The deadline or its ladder was computed on a provisional calendar year. */
  readonly provisional: boolean;
}

/** State changes of a complaint (`complaint.moved`, `complaint.resolved`, …). */
export interface ComplaintMovedData extends TransitionEventData<ComplaintState, ComplaintCommand> {
  readonly tier: number;
  readonly ownerRole: RoleId;
}

/** `complaint.escalated`. */
export interface ComplaintEscalatedData extends ComplaintMovedData {
  /** The new tier's roles. */
  readonly notify: readonly RoleId[];
  readonly reason: string | null;
}

/** `complaint.due-soon`, `complaint.notify`, `complaint.reassigned` (ladder steps). */
export interface ComplaintLadderData {
  readonly stepId: string;
  readonly dueAt: Instant;
  readonly tier: number;
  /** `complaint.notify`: who to tell. */
  readonly roles?: readonly RoleId[];
  /** `complaint.reassigned`: the new owner role. */
  readonly role?: RoleId;
}

/** `complaint.deadline-recomputed`. */
export interface ComplaintDeadlineRecomputedData {
  readonly previousDueAt: Instant;
  readonly dueAt: Instant;
  /** Whether the new deadline or ladder still touches a provisional calendar year. */
  readonly provisional: boolean;
}

/** `calendar.provisional`: the dealer's deadlines now reach a year without a holiday notice. */
export interface CalendarProvisionalData {
  readonly calendarId: string;
  readonly year: number;
  /** The rule the provisional year is built from (e.g. the holiday law), or `null`. */
  readonly rule: string | null;
}

/** `calendar.confirmed`: the year's notice arrived and the dealer's provisional items moved. */
export interface CalendarConfirmedData {
  readonly calendarId: string;
  readonly year: number;
  /** Items recomputed, and of those how many changed. */
  readonly visits: { readonly examined: number; readonly changed: number };
  readonly complaints: { readonly examined: number; readonly changed: number };
  readonly opinionCases: { readonly examined: number; readonly changed: number };
}

/** `timer.failed`: a timer's action failed; the timer is kept and tried again at `retryAt`. */
export interface TimerFailedData {
  readonly timerId: string;
  /** What the timer does (`visit.open`, `complaint.ladder.tier-2`, …). */
  readonly name: string;
  /** How many times it has failed. */
  readonly failures: number;
  readonly error: TimerFailure;
  readonly retryAt: Instant;
}

/** `timer.dead-lettered`: it failed on its last try; see `engine.listDeadTimers`. */
export interface TimerDeadLetteredData {
  readonly timerId: string;
  readonly name: string;
  readonly failures: number;
  readonly error: TimerFailure;
}

/** `timer.revived`: a person put a dead-lettered timer back; it fires on the next tick. */
export interface TimerRevivedData {
  readonly timerId: string;
  readonly name: string;
}

/** `timer.discarded`: a person took a timer off the dead-letter list for good. */
export interface TimerDiscardedData {
  readonly timerId: string;
  readonly name: string;
  /** When it had been due. */
  readonly dueAt: Instant;
}

/** What a parked DMS event waits for: a repair order settled for the vehicle. */
export interface ParkedWaitsFor {
  readonly kind: 'repair.settled';
  readonly vehicleId: string;
  readonly repairOrderId?: string;
}

/** `dms.parked`: a DMS event came before the one it needs; it is kept until that arrives. */
export interface DmsParkedData {
  readonly sourceId: string;
  /** The DMS event's type (`vehicle.picked-up`). */
  readonly type: string;
  readonly waitsFor: ParkedWaitsFor;
  readonly expiresAt: Instant;
}

/** `dms.applied`: a parked DMS event was applied when the event it needed arrived. */
export interface DmsAppliedData {
  readonly sourceId: string;
  readonly type: string;
  /** The source id of the event that let it apply. */
  readonly appliedWith: string;
}

/** `dms.expired`: a parked DMS event's wait ran out without the event it needed. */
export interface DmsExpiredData {
  readonly sourceId: string;
  readonly type: string;
  readonly waitsFor: ParkedWaitsFor;
}

/** `dms.corrected`: a source id was re-delivered with a different payload and applied as a correction. */
export interface DmsCorrectedData {
  readonly sourceId: string;
  readonly type: string;
  /** The visits made from the event, after the correction (kept, moved, cancelled or new). */
  readonly visitIds: readonly string[];
  readonly complaintIds: readonly string[];
  /** What the correction could not change any more (e.g. a complaint already investigating). */
  readonly notApplied: readonly string[];
}

/** `visit.call-back-due`: the time the customer asked to be called back (timer). */
export interface VisitCallBackDueData {
  readonly callBackAt: Instant;
  readonly assigneeRole: RoleId;
  /** The person the visit is with, or `null` while it waits in its role. */
  readonly assigneeId: string | null;
}

/** `visit.assigned`, `complaint.assigned`, `opinion.assigned` (派单). */
export interface AssignedData {
  /** The role the item needs. */
  readonly role: RoleId;
  /** The person it is with now, or `null` when it went back to its role. */
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly previousAssigneeId: string | null;
  /** `manual`, `claim`, `reassign`, `unassign`, or the pack strategy that chose. */
  readonly how: string;
}

/** `staff.updated`: a person was registered or changed (roles, on duty, left). */
export interface StaffUpdatedData {
  readonly name: string;
  readonly roles: readonly RoleId[];
  readonly state: string;
  readonly previousState: string | null;
}

/** `rules.scheduled`: a pack version will take effect for the dealer at `effectiveFrom`. */
export interface RulesScheduledData {
  readonly packId: string;
  readonly packVersion: string;
  readonly hash: string;
  readonly effectiveFrom: Instant;
  /** Per item kind: `pinned` or `recompute`. */
  readonly openItems: {
    readonly visit: string;
    readonly complaint: string;
    readonly opinionCase: string;
  };
}

/** Open items of one kind a pack switch looked at: recomputed (`changed` moved) or pinned. */
export interface SwitchCounts {
  readonly examined: number;
  readonly changed: number;
  readonly pinned: number;
}

/** `rules.switched`: a pack version took effect and the open items were worked through. */
export interface RulesSwitchedData {
  readonly packId: string;
  readonly packVersion: string;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly effectiveFrom: Instant;
  readonly visits: SwitchCounts;
  readonly complaints: SwitchCounts;
  readonly opinionCases: SwitchCounts;
}

/**
 * `visit.station-notified`: a visit was created as "do not visit" and the service station (the
 * outlet of the event, or the dealer's own) is told not to call, with the rule's notice [002].
 */
export interface VisitStationNotifiedData {
  readonly notice: string;
  readonly ruleId: string;
  readonly customerId: string;
  readonly vehicleId: string | null;
  readonly outletId: string | null;
}

/** `complaint.feedback-given`: the owner told customer service how it is handled [003]. */
export interface ComplaintFeedbackGivenData {
  readonly ownerRole: RoleId;
  readonly dueAt: Instant | null;
  /** Given after `dueAt`. */
  readonly late: boolean;
}

/** `complaint.feedback-overdue`: no feedback to customer service within `feedbackWithin` [003]. */
export interface ComplaintFeedbackOverdueData {
  readonly ownerRole: RoleId;
  readonly dueAt: Instant;
  /** The tier-1 roles (customer service) to tell. */
  readonly notify: readonly RoleId[];
}

/** `customer.lost`: a person confirmed the customer lost, with the cause (`markCustomerLost` [001]). */
export interface CustomerLostData {
  readonly cause: LostCause;
  readonly note: string | null;
  /** The state the customer was lost from (`dormant` or `unreachable`). */
  readonly from: CustomerState;
}

/** The `data` of each event type: `engine.on('visit.overdue', (e) => e.data.dueAt)` is typed. */
export interface EngineEventData {
  'customer.created': NoEventData;
  'customer.updated': NoEventData;
  'customer.moved': TransitionEventData<CustomerState, CustomerCommand>;
  'customer.erased': ErasureReceipt;
  'customer.lost': CustomerLostData;
  'visit.scheduled': VisitScheduledData;
  'visit.opened': TransitionEventData<VisitState, VisitCommand>;
  'visit.attempted': VisitAttemptedData;
  'visit.blocked': TransitionEventData<VisitState, VisitCommand>;
  'visit.phone-corrected': { readonly customerId: string };
  'visit.completed': TransitionEventData<VisitState, VisitCommand>;
  'visit.unreachable': TransitionEventData<VisitState, VisitCommand>;
  'visit.cancelled': TransitionEventData<VisitState, VisitCommand>;
  'visit.do-not-visit': TransitionEventData<VisitState, VisitCommand>;
  'visit.resumed': NoEventData;
  'visit.reopened': NoEventData;
  'visit.due-soon': VisitTimerData;
  'visit.overdue': VisitTimerData;
  'visit.retry-due': VisitTimerData;
  'visit.window-recomputed': VisitWindowRecomputedData;
  'survey.alert': SurveyAlertData;
  'opinion.recorded': OpinionRecordedData;
  'opinion.form-sent': OpinionMovedData;
  'opinion.form-late': OpinionTimerData;
  'opinion.handled': OpinionMovedData;
  'opinion.form-overdue': OpinionFormOverdueData;
  'opinion.late-reason': OpinionMovedData;
  'opinion.returned': OpinionMovedData;
  'opinion.follow-up-overdue': OpinionTimerData;
  'opinion.followed-up': OpinionMovedData;
  'opinion.closed': OpinionMovedData;
  'complaint.received': ComplaintReceivedData;
  'complaint.moved': ComplaintMovedData;
  'complaint.escalated': ComplaintEscalatedData;
  'complaint.due-soon': ComplaintLadderData;
  'complaint.notify': ComplaintLadderData;
  'complaint.reassigned': ComplaintLadderData;
  'complaint.resolved': ComplaintMovedData;
  'complaint.satisfaction-check-due': { readonly ownerRole: RoleId };
  'complaint.closed': ComplaintMovedData;
  'complaint.reopened': ComplaintMovedData;
  'complaint.deadline-recomputed': ComplaintDeadlineRecomputedData;
  'opinion.deadline-recomputed': OpinionDeadlineRecomputedData;
  'calendar.provisional': CalendarProvisionalData;
  'calendar.confirmed': CalendarConfirmedData;
  'timer.failed': TimerFailedData;
  'timer.dead-lettered': TimerDeadLetteredData;
  'timer.revived': TimerRevivedData;
  'timer.discarded': TimerDiscardedData;
  'dms.parked': DmsParkedData;
  'dms.applied': DmsAppliedData;
  'dms.expired': DmsExpiredData;
  'dms.corrected': DmsCorrectedData;
  'visit.assigned': AssignedData;
  'visit.call-back-due': VisitCallBackDueData;
  'complaint.assigned': AssignedData;
  'opinion.assigned': AssignedData;
  'staff.updated': StaffUpdatedData;
  'rules.scheduled': RulesScheduledData;
  'rules.switched': RulesSwitchedData;
  'visit.station-notified': VisitStationNotifiedData;
  'complaint.feedback-given': ComplaintFeedbackGivenData;
  'complaint.feedback-overdue': ComplaintFeedbackOverdueData;
  'opinion.recording': OpinionRecordingData;
  'opinion.weekly-list-signed': OpinionWeeklyListSignedData;
  'report.due': ReportDueData;
}
