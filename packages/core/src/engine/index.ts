export {
  ASSIGNABLE_KINDS,
  type AssignableKind,
  type Assignee,
  type AssignInput,
  assigneeSchema,
  assignInputSchema,
  type ClaimInput,
  claimInputSchema,
} from './assignment';
export * from './command-schemas';
export {
  type ClearDoNotContactInput,
  type ConsentRefusal,
  clearDoNotContactInputSchema,
  notificationConsent,
  type RecordSmsOptInInput,
  recordSmsOptInInputSchema,
  type SetDoNotContactInput,
  setDoNotContactInputSchema,
} from './contact-consent';
export {
  type ContactChannel,
  type ContactDecision,
  type ContactQuery,
  contactQuerySchema,
} from './contact-policy';
export * from './create-engine';
export {
  type DeadTimerCommand,
  type DeadTimerQuery,
  deadTimerCommandSchema,
  deadTimerQuerySchema,
} from './dead-timers';
export type {
  CustomerTimeline,
  SearchResult,
  TimelineEntry,
  WorkItemByKind,
  WorkListPage,
} from './desk-queries';
export * from './desk-query-schemas';
export * from './engine-event-data';
export * from './engine-events';
export { ERASED, type ErasureReceipt } from './erasure';
export type {
  EventHandler,
  Unsubscribe,
  WildcardEventHandler,
} from './event-bus';
export { type EngineFeedQuery, feedQuerySchema } from './feed';
export {
  DEFAULT_IMPORT_CUTOFF_DAYS,
  type ImportHistoryOptions,
  type ImportHistoryResult,
  importHistoryOptionsSchema,
} from './history-import';
export type { IngestResult } from './ingest';
export {
  type LostCustomerCounts,
  type LostCustomersQuery,
  lostCustomersQuerySchema,
  type MarkCustomerLostInput,
  markCustomerLostInputSchema,
} from './lost-customers';
export {
  DEFAULT_PARKED_EVENT_WAIT,
  type ParkedEventQuery,
  parkedEventQuerySchema,
} from './pick-up';
export type { CalendarConfirmation, RecomputeCount, RecomputeResult } from './recompute';
export {
  type AggregateByKind,
  type DecodeOptions,
  decodeRecord,
  encodeRecord,
} from './record-codec';
export {
  followingPeriod,
  type OpinionWeeklyList,
  type OpinionWeeklyListQuery,
  opinionWeeklyListQuerySchema,
  type PeriodDue,
  periodContaining,
  periodDue,
  type SignOpinionWeeklyListInput,
  type StartReportCadenceInput,
  signOpinionWeeklyListInputSchema,
  startReportCadenceInputSchema,
  weekPeriod,
} from './report-cadence';
export type { RulesOption } from './rules-registry';
export {
  type RulesVersionQuery,
  rulesVersionQuerySchema,
  type ScheduleRulesInput,
  scheduleRulesInputSchema,
} from './rules-switch';
export {
  type PutStaffMemberInput,
  putStaffMemberInputSchema,
  type ReassignOpenWorkInput,
  type ReassignResult,
  reassignOpenWorkInputSchema,
  type StaffQuery,
  staffQuerySchema,
} from './staff';
export {
  DEFAULT_TIMER_RETRY,
  type FailedTimer,
  type TickResult,
  type TimerRetryPolicy,
} from './tick';
