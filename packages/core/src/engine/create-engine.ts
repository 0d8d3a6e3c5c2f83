import { z } from 'zod';
import { chinaCalendar } from '../calendar';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { type Clock, systemClock } from '../clock/clock';
import { type Issue, NotFoundError, ValidationError, VersionConflictError } from '../errors';
import type { Actor } from '../model/actor';
import type { Complaint } from '../model/complaint';
import type { ContactConsent } from '../model/contact-consent';
import type { Customer } from '../model/customer';
import type { DeadTimer } from '../model/dead-timer';
import { type DmsEvent, type DmsEventInput, dmsEventSchema } from '../model/dms-event';
import type { DomainEvent, RecordKind } from '../model/domain-event';
import { readWallClockTimestamps, type TimestampsWithoutOffset } from '../model/local-timestamps';
import type { OpinionCase } from '../model/opinion-case';
import type { ParkedEvent } from '../model/parked-event';
import { idSchema, toEpoch, toInstant } from '../model/primitives';
import type { ReportCadence, ReportSignOff } from '../model/report-cadence';
import type { RulesVersion } from '../model/rules-version';
import type { StaffMember } from '../model/staff-member';
import { issuesFromZod, strictInput } from '../model/strict-input';
import type { Vehicle } from '../model/vehicle';
import type { Visit } from '../model/visit';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import { defaultRulePack } from '../rules/default-pack';
import { type DeadlineExpression, deadlineExpressionSchema } from '../sla/deadline-expression';
import type { FeedPage } from '../storage/event-feed';
import type { StorageAdapter, TimerRecord } from '../storage/storage-port';
import { inWarranty, type WarrantyQuery, warrantyQuerySchema } from '../warranty/warranty-query';
import type { WarrantyStatus } from '../warranty/warranty-status';
import {
  type AssignInput,
  assignCommand,
  assignInputSchema,
  type ClaimInput,
  claimCommand,
  claimInputSchema,
} from './assignment';
import {
  type CompleteVisitInput,
  type CorrectPhoneInput,
  completeVisitInputSchema,
  correctPhoneInputSchema,
  type EscalateComplaintInput,
  escalateComplaintInputSchema,
  listQuerySchema,
  type MoveComplaintInput,
  type MoveOpinionCaseInput,
  type MoveVisitInput,
  moveComplaintInputSchema,
  moveOpinionCaseInputSchema,
  moveVisitInputSchema,
  type OpenComplaintInput,
  openComplaintInputSchema,
  type RecordAttemptInput,
  type RecordOpinionInput,
  recordAttemptInputSchema,
  recordOpinionInputSchema,
} from './command-schemas';
import { escalateComplaint, moveComplaint, openComplaint } from './complaint-flow';
import {
  type ClearDoNotContactInput,
  clearDoNotContact,
  clearDoNotContactInputSchema,
  type RecordSmsOptInInput,
  recordSmsOptIn,
  recordSmsOptInInputSchema,
  type SetDoNotContactInput,
  setDoNotContact,
  setDoNotContactInputSchema,
} from './contact-consent';
import {
  type ContactDecision,
  type ContactQuery,
  contactDecision,
  contactQuerySchema,
} from './contact-policy';
import {
  type DeadTimerCommand,
  type DeadTimerQuery,
  deadTimerCommandSchema,
  deadTimerQuerySchema,
  discardDeadTimer,
  reviveDeadTimer,
} from './dead-timers';
import {
  type CustomerTimeline,
  deskQueries,
  type SearchResult,
  type WorkItemByKind,
  type WorkListPage,
} from './desk-queries';
import {
  type CustomerListQuery,
  customerListQuerySchema,
  eraseCustomerInputSchema,
  type RecordLookup,
  readEventsQuerySchema,
  recordLookupSchema,
  type SearchQuery,
  searchQuerySchema,
  type TimelineQuery,
  timelineQuerySchema,
  type WorkCountQuery,
  type WorkItemKind,
  type WorkListQuery,
  workCountQuerySchema,
  workListQuerySchema,
} from './desk-query-schemas';
import type { EngineContext } from './engine-context';
import type { EngineEvent, EngineEventType } from './engine-events';
import { type ErasureReceipt, eraseCustomer } from './erasure';
import {
  EventBus,
  type EventHandler,
  type Unsubscribe,
  type WildcardEventHandler,
} from './event-bus';
import { type EngineFeedQuery, readFeedPage } from './feed';
import {
  DEFAULT_IMPORT_CUTOFF_DAYS,
  type ImportHistoryOptions,
  type ImportHistoryResult,
  importHistory,
  importHistoryOptionsSchema,
} from './history-import';
import { type IngestResult, ingestEvent } from './ingest';
import {
  countLostCustomers,
  type LostCustomerCounts,
  type LostCustomersQuery,
  lostCustomersQuerySchema,
  type MarkCustomerLostInput,
  markCustomerLost,
  markCustomerLostInputSchema,
} from './lost-customers';
import { moveOpinionCase, openOpinionCase } from './opinion-flow';
import {
  DEFAULT_PARKED_EVENT_WAIT,
  type ParkedEventQuery,
  parkedEventQuerySchema,
} from './pick-up';
import {
  type CalendarConfirmation,
  confirmProvisionalYears,
  type RecomputeResult,
  recomputeDealer,
} from './recompute';
import { type AggregateByKind, decodeRecord } from './record-codec';
import { uuidV7Ids } from './record-ids';
import {
  type OpinionWeeklyList,
  type OpinionWeeklyListQuery,
  opinionWeeklyList,
  opinionWeeklyListQuerySchema,
  type SignOpinionWeeklyListInput,
  type StartReportCadenceInput,
  signOpinionWeeklyList,
  signOpinionWeeklyListInputSchema,
  startReportCadence,
  startReportCadenceInputSchema,
} from './report-cadence';
import { type RulesOption, RulesRegistry } from './rules-registry';
import {
  type RulesVersionQuery,
  rulesVersionQuerySchema,
  type ScheduleRulesInput,
  scheduleRules,
  scheduleRulesInputSchema,
} from './rules-switch';
import {
  listStaff,
  type PutStaffMemberInput,
  putStaffMember,
  putStaffMemberInputSchema,
  type ReassignOpenWorkInput,
  type ReassignResult,
  reassignOpenWork,
  reassignOpenWorkInputSchema,
  type StaffQuery,
  staffQuerySchema,
} from './staff';
import { DEFAULT_TIMER_RETRY, runTick, type TickResult, type TimerRetryPolicy } from './tick';
import { UnitOfWork } from './unit-of-work';
import { completeVisit, correctPhone, moveVisit, recordAttempt } from './visit-flow';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where everything is kept: `memoryStorage()`, `sqliteStorage(...)`, or your adapter. */
  readonly storage: StorageAdapter;
  /** Where "now" comes from (default: the system clock). */
  readonly clock?: Clock;
  /**
   * The rule pack (JSON or compiled; default: the built-in `default` pack), or a function of the
   * dealer id giving each dealer its pack (a brand pack per franchise, a dealer override on top).
   * A pack a function returns is compiled once per object it returns.
   */
  readonly rules?: RulesOption;
  /** The working calendar, or one per dealer (default: China, Asia/Shanghai, 08:30–12:00, 13:30–17:30). */
  readonly calendar?: BusinessCalendar | ((dealerId: string) => BusinessCalendar);
  /**
   * Id generator for new records. Default: time-ordered UUIDs (version 7, RFC 9562, from the
   * `uuidv7` package's generator) stamped with the engine's `clock`: a record this engine makes
   * later has a greater id, so lists paged by id come in creation order and a database's indexes
   * grow at their end instead of at random places (ingest into SQLite about 1.4× faster at
   * 100,000 events than with random UUIDs). Their first 48 bits are the creation time, readable by whoever sees an id;
   * pass your own generator if that matters.
   */
  readonly newId?: () => string;
  /**
   * Validate each record read from storage against its schema (default: `true`, except for an
   * adapter that declares itself {@link StorageAdapter.trusted | trusted}, such as memory). A
   * corrupt or foreign row then fails the command with `VALIDATION_FAILED` instead of reaching
   * the rules. Set `false` for a SQLite file only this version of the library writes, when
   * ingest and `tick` speed matter more than that check — not across an upgrade: validation also
   * fills the defaults of fields a newer version added, which rows written by an older one lack.
   */
  readonly verifyReads?: boolean;
  /**
   * How a timer whose action fails is retried (default: after 1 min, 5 min, 30 min and 2 h, then
   * dead-lettered). A failing timer is never deleted: see {@link Engine.listDeadTimers}.
   */
  readonly timerRetry?: TimerRetryPolicy;
  /**
   * How long a DMS event that came before the one it needs (a pick-up before its repair order)
   * is kept waiting for it, from its arrival; then it expires with `dms.expired`. Default
   * `{ "days": 7 }`.
   */
  readonly parkedEventsExpireAfter?: DeadlineExpression;
  /**
   * What to do with a timestamp that has no UTC offset (`2026-03-02T09:00:00`) in a DMS event
   * (`occurredAt`, `appointmentAt`, `customer.consent.recordedAt`) or in `recordAttempt`'s
   * `callBackAt`. `refuse` (default): `VALIDATION_FAILED`, with a message saying the offset is
   * missing. `dealerTimeZone`: read it as wall-clock time in the time zone of the dealer's
   * calendar (`calendar`), daylight-saving changes as `wallClockToInstant` says. Timestamps with
   * an offset are read as written either way.
   */
  readonly timestampsWithoutOffset?: TimestampsWithoutOffset;
  /** Called when an event listener throws (default: `console.error`). The command still succeeded. */
  readonly onListenerError?: (error: unknown, event: EngineEvent) => void;
}

/** Filters for list queries. `dealerId` is required: every read is scoped by dealer. */
export interface ListQuery {
  readonly dealerId: string;
  readonly status?: string | readonly string[];
  readonly customerId?: string;
  readonly assigneeRole?: string;
  readonly assigneeId?: string;
  /** Only records due at or before this instant. */
  readonly dueBefore?: Date;
  readonly afterId?: string;
  /** Page size, a whole number from 0 to 10,000 (default 1000). Anything else is `VALIDATION_FAILED`. */
  readonly limit?: number;
}

/** The engine: commands, queries, `tick`, and a typed event bus. See {@link createEngine}. */
export interface Engine {
  /**
   * Ingests one DMS event. Idempotent on `sourceId`: a re-delivery returns `status: 'duplicate'`.
   * A `VERSION_CONFLICT` with another process is retried (up to 3 tries) before it is thrown.
   */
  ingest(event: DmsEventInput): Promise<IngestResult>;
  /** Ingests a batch in one transaction: all or nothing. Every event is validated before anything is written. */
  ingestMany(events: readonly DmsEventInput[]): Promise<IngestResult[]>;
  /**
   * A dealer's first day: years of past DMS events (deliveries, repairs, pick-ups, profile
   * changes) update customers, vehicles and history without scheduling visits long past. Events
   * before `scheduleFrom` (default: 30 days before now) are `imported` (nothing scheduled, no
   * complaint opened); later ones are ingested as usual. Every event is validated before
   * anything is written; then transactions of `batchSize`, oldest event first. Idempotent on
   * source ids: an interrupted import is simply run again.
   */
  importHistory(
    events: readonly DmsEventInput[],
    options?: ImportHistoryOptions,
  ): Promise<ImportHistoryResult>;
  /** Records a call attempt on a visit (real-name: a person with an agent role). */
  recordAttempt(input: RecordAttemptInput): Promise<Visit>;
  /** Completes a visit with its survey answers; low scores open an opinion case. */
  completeVisit(input: CompleteVisitInput): Promise<Visit>;
  /** Corrects the phone that blocked a visit and unblocks it. */
  correctPhone(input: CorrectPhoneInput): Promise<Visit>;
  /** Cancels, marks do-not-visit, resumes or reopens a visit. */
  moveVisit(input: MoveVisitInput): Promise<Visit>;
  /** Opens a complaint; with a category it is routed at once. */
  openComplaint(input: OpenComplaintInput): Promise<Complaint>;
  /** Moves a complaint through its flow (classify, investigate, propose, …). */
  moveComplaint(input: MoveComplaintInput): Promise<Complaint>;
  /** Escalates a complaint one tier. */
  escalateComplaint(input: EscalateComplaintInput): Promise<Complaint>;
  /** Records an objection raised on a call (opinion form). */
  recordOpinion(input: RecordOpinionInput): Promise<OpinionCase>;
  /** Moves an opinion case (send form, record handling, return, second follow-up, close). */
  moveOpinionCase(input: MoveOpinionCaseInput): Promise<OpinionCase>;
  /**
   * The Friday list for the GM (每周五…交于总经理 [000]): the opinion cases raised in the week of
   * `week` (any local date of it, Monday to Sunday) and its sign-off, if signed.
   */
  opinionWeeklyList(query: OpinionWeeklyListQuery): Promise<OpinionWeeklyList>;
  /**
   * The GM signs the week's opinion list (总经理签字确认 [000]): who and when are kept, with the
   * cases on the list. `PERMISSION_DENIED` without the pack's `opinion.weeklyList.signedBy` role,
   * `REAL_NAME_REQUIRED` for the system, `TRANSITION_NOT_ALLOWED` when the week is already signed.
   */
  signOpinionWeeklyList(input: SignOpinionWeeklyListInput): Promise<ReportSignOff>;
  /**
   * Starts the dealer's report cadence (the pack's `cadence`: daily CSI hand-in, Friday GM list,
   * monthly reports by the 3rd, …), or brings it in line with the pack after a change: `tick`
   * then announces `report.due` once per period. Safe to call again.
   */
  startReportCadence(input: StartReportCadenceInput): Promise<ReportCadence[]>;
  /**
   * Fires every timer due at `now` (default: the clock) in due order: windows opening,
   * warnings, breaches, ladder steps. Idempotent: a second call fires nothing already fired.
   */
  tick(now?: Date): Promise<TickResult>;

  /** One visit: `getVisit({ dealerId, id })`. `NOT_FOUND` when the dealer has none by that id. */
  getVisit(lookup: RecordLookup): Promise<Visit>;
  /** @deprecated Pass one object: `getVisit({ dealerId, id })`. */
  getVisit(dealerId: string, id: string): Promise<Visit>;
  /** One complaint: `getComplaint({ dealerId, id })`. */
  getComplaint(lookup: RecordLookup): Promise<Complaint>;
  /** @deprecated Pass one object: `getComplaint({ dealerId, id })`. */
  getComplaint(dealerId: string, id: string): Promise<Complaint>;
  /** One opinion case: `getOpinionCase({ dealerId, id })`. */
  getOpinionCase(lookup: RecordLookup): Promise<OpinionCase>;
  /** @deprecated Pass one object: `getOpinionCase({ dealerId, id })`. */
  getOpinionCase(dealerId: string, id: string): Promise<OpinionCase>;
  /** One customer: `getCustomer({ dealerId, id })`. */
  getCustomer(lookup: RecordLookup): Promise<Customer>;
  /** @deprecated Pass one object: `getCustomer({ dealerId, id })`. */
  getCustomer(dealerId: string, id: string): Promise<Customer>;
  /** One vehicle: `getVehicle({ dealerId, id })`. */
  getVehicle(lookup: RecordLookup): Promise<Vehicle>;
  /** A dealer's customers in id order, a page at a time (`afterId` = the last id of a page). */
  listCustomers(query: CustomerListQuery): Promise<Customer[]>;
  /**
   * A desk's work list: visits (or complaints, or opinion cases) filtered by type, state,
   * agent, role, outlet and opening / due ranges, sorted by due time (or opening time), a page
   * at a time with a stable cursor — read from the adapter's indexes, never by loading every
   * item. `{ items, nextCursor }`; pass `nextCursor` back as `cursor` for the next page.
   */
  workList<K extends WorkItemKind = 'visit'>(
    query: WorkListQuery & { kind?: K },
  ): Promise<WorkListPage<WorkItemByKind[K]>>;
  /** How many items match the work-list filters, per state (for badges): `{ open: 12, … }`. */
  countWork(query: WorkCountQuery): Promise<Record<string, number>>;
  /**
   * Finds customers and vehicles of a dealer by phone (any usual spelling), VIN (whole, its
   * beginning or its last six), plate (or its beginning) or name (its beginning): exactly one.
   */
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * A customer's whole story in one call: vehicles, visits (attempts, survey answers), opinion
   * cases, complaints, and the history of all of them in time order.
   */
  customerTimeline(query: TimelineQuery): Promise<CustomerTimeline>;
  /**
   * Writes the lookup keys `search` reads for every customer and vehicle of a dealer. Needed
   * once after upgrading a store written before search existed (SQLite schema 3 or older,
   * PostgreSQL schema 2 or older); new writes keep them current. Returns how many records it wrote.
   */
  rebuildLookupKeys(input: { dealerId: string }): Promise<number>;
  listVisits(query: ListQuery): Promise<Visit[]>;
  listComplaints(query: ListQuery): Promise<Complaint[]>;
  listOpinionCases(query: ListQuery): Promise<OpinionCase[]>;
  /** The dealer's event log after `afterSeq`: `readEvents({ dealerId, afterSeq, limit })`. */
  readEvents(query: {
    dealerId: string;
    afterSeq?: number;
    limit?: number;
  }): Promise<DomainEvent[]>;
  /** @deprecated Pass one object: `readEvents({ dealerId, afterSeq, limit })`. */
  readEvents(
    dealerId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<DomainEvent[]>;
  /**
   * The cross-dealer feed: committed events of every dealer after `after` (the `cursor` of the
   * last page; absent from the start), at most `limit` (default 100). Each dealer's events come
   * in `seq` order and none that commits late is skipped; the consumer keeps the cursor, and reads
   * a page again after a crash (at least once: dedupe on dealer and `seq`). See `createNotifier`.
   */
  feed(query?: EngineFeedQuery): Promise<FeedPage>;
  /**
   * Records that a customer is not to be contacted on a channel (or `all`), for one vehicle or
   * every one, with the reason; replaces an entry of the same channel and vehicle. On the consent
   * record's history. The notifier (`createNotifier`) sends nothing it covers.
   */
  setDoNotContact(input: SetDoNotContactInput): Promise<ContactConsent>;
  /** Removes the do-not-contact entry of a channel and vehicle, with the reason; on history. */
  clearDoNotContact(input: ClearDoNotContactInput): Promise<ContactConsent>;
  /**
   * Records an SMS opt-in (or opt-out) of a customer's phone, with its source; the latest record
   * of a phone is in force, and the notifier sends SMS only to a phone opted in.
   */
  recordSmsOptIn(input: RecordSmsOptInInput): Promise<ContactConsent>;
  /** A customer's do-not-contact entries and SMS opt-ins; `undefined` when none were recorded. */
  getContactConsent(query: {
    dealerId: string;
    customerId: string;
  }): Promise<ContactConsent | undefined>;
  /**
   * Erases a customer's personal data (PIPL) from records, history and the event log, keeping
   * anonymous counts and scores; records who erased what and when. Needs a person with the
   * `customer.erase` permission (default: csManager, generalManager).
   */
  eraseCustomer(input: {
    dealerId: string;
    customerId: string;
    actor: Actor;
  }): Promise<ErasureReceipt>;
  /** @deprecated Pass one object: `eraseCustomer({ dealerId, customerId, actor })`. */
  eraseCustomer(dealerId: string, customerId: string, actor: Actor): Promise<ErasureReceipt>;
  /**
   * Records that a dormant or unreachable customer is lost, with the cause found (失联客户…找出原因
   * [001]): a person with the `customer.markLost` permission (default: csManager,
   * afterSalesManager). Announced as `customer.lost`; {@link Engine.lostCustomers} counts them.
   */
  markCustomerLost(input: MarkCustomerLostInput): Promise<Customer>;
  /** The dealer's lost customers now, counted by cause (a key for every cause). */
  lostCustomers(query: LostCustomersQuery): Promise<LostCustomerCounts>;

  /**
   * After `setRules` or a calendar change: recomputes, for one dealer, the resolution deadline
   * and ladder timers of every open complaint (from its clock start, paused time and the current
   * rules) and the window and timers of every pending visit (from the event time it was anchored
   * to, under its rule in the current pack). Deterministic (the same rules and calendar give the
   * same instants) and idempotent; cost is proportional to the dealer's open items, in
   * transactions of 256. Each change is recorded on the item's history (`recompute`, rule
   * `recompute:<pack id>`) and announced as `complaint.deadline-recomputed` or
   * `visit.window-recomputed`.
   */
  recomputeDeadlines(input: { dealerId: string }): Promise<RecomputeResult>;
  /** @deprecated Pass one object: `recomputeDeadlines({ dealerId })`. */
  recomputeDeadlines(dealerId: string): Promise<RecomputeResult>;
  /**
   * Moves the items computed on a provisional calendar year (no holiday notice yet) of every
   * dealer whose calendar now has the year — after a package update or an `extraYears` change —
   * and announces `calendar.confirmed` per dealer-year. `tick` does this by itself on its first
   * call, after {@link Engine.setCalendar}, and hourly; call it to do it now.
   */
  confirmProvisionalYears(): Promise<CalendarConfirmation>;
  /**
   * Replaces the working calendar (one, or one per dealer), e.g. with the next year's notice
   * added as `extraYears`. Items computed on a provisional year move on the next `tick` (or
   * {@link Engine.confirmProvisionalYears}); other items keep their deadlines until
   * {@link Engine.recomputeDeadlines}.
   */
  setCalendar(calendar: BusinessCalendar | ((dealerId: string) => BusinessCalendar)): void;
  /**
   * Gives a visit, complaint or opinion case to a person (派单) — by id of a registered staff
   * member, or as `{ id, name, roles }` — who must hold the item's role; reassigns it when it
   * already has one. On the item's history and announced (`visit.assigned`, …).
   */
  assign(input: AssignInput): Promise<Visit | Complaint | OpinionCase>;
  /**
   * Whether the pack's contact rules (quiet hours, contacts per customer per day) and the
   * customer's "no phone calls" preference allow contacting a visit's customer now (or `at`) on
   * `channel` (default: the visit's channel); if not, why and when it would be.
   * `recordAttempt` refuses what this refuses, with `CONTACT_NOT_ALLOWED`.
   */
  contactAllowed(input: ContactQuery): Promise<ContactDecision>;
  /**
   * Whether a vehicle is in warranty on a local date (default today): the pack's `warranty`
   * term for its usage — the usage it was delivered with, a change of use keeps the term [003]
   * — from the delivery date for its months or until its km, whichever comes first; which term,
   * and the last day. See {@link warrantyStatus}.
   */
  inWarranty(query: WarrantyQuery): Promise<WarrantyStatus>;
  /** The actor takes an item of a role they hold (real name: `actor.name` or their staff record). */
  claim(input: ClaimInput): Promise<Visit | Complaint | OpinionCase>;
  /**
   * Registers or updates a person the desk can give work to: real name, roles, and whether they
   * are on duty (`onDuty`, `offDuty`, `left`). The pack's assignment rules choose among the staff
   * on duty.
   */
  putStaffMember(input: PutStaffMemberInput): Promise<StaffMember>;
  /** The dealer's staff, optionally of one state or role. */
  listStaff(query: StaffQuery): Promise<StaffMember[]>;
  /**
   * Moves all of a person's open work (leave, resignation) to another person, or by the pack's
   * assignment rules to the others on duty, or back to its role; a page per transaction.
   */
  reassignOpenWork(input: ReassignOpenWorkInput): Promise<ReassignResult>;
  /**
   * Timers whose action failed on every try (`timer.dead-lettered`), newest state first by id.
   * Repair the cause (a corrupt row), then {@link Engine.reviveDeadTimer}; or discard them.
   */
  listDeadTimers(query: DeadTimerQuery): Promise<DeadTimer[]>;
  /** Puts a dead-lettered timer back, due at once; the next `tick` fires it. */
  reviveDeadTimer(input: DeadTimerCommand): Promise<DeadTimer>;
  /** Takes a timer off the dead-letter list for good. */
  discardDeadTimer(input: DeadTimerCommand): Promise<DeadTimer>;
  /**
   * DMS events kept because they came before the event they need (default: those still
   * `waiting`; also `applied` and `expired` ones), in id order.
   */
  listParkedEvents(query: ParkedEventQuery): Promise<ParkedEvent[]>;
  /** Pending timers of a record (for screens that show what will happen next). */
  pendingTimers(
    dealerId: string,
    subject: { kind: RecordKind; id: string },
  ): Promise<TimerRecord[]>;

  /**
   * The engine's rule pack as configured (`rules` option or `setRules`). With packs per dealer,
   * use {@link Engine.rulesFor}.
   */
  readonly rules: CompiledRulePack;
  /**
   * Schedules a new version of a dealer's pack to take effect at `effectiveFrom` (a durable timer:
   * every process switches then). Open items of each kind are then pinned to the version they
   * were made under or recomputed under the new one (`openItems`), and `rules.switched` announces
   * the counts. The pack is validated now.
   */
  scheduleRules(input: ScheduleRulesInput): Promise<RulesVersion>;
  /** A dealer's pack history: every scheduled, active and superseded version, oldest first. */
  listRulesVersions(query: RulesVersionQuery): Promise<RulesVersion[]>;
  /** The pack in force for one dealer now: a scheduled version that took effect, or as configured. */
  rulesFor(dealerId: string): Promise<CompiledRulePack>;
  /**
   * Replaces the rule pack now, for every dealer or (with `dealerId`) one dealer; a function of
   * the dealer id gives each its own. A bad pack throws `RULE_PACK_INVALID` and the previous pack
   * stays. Open items keep their deadlines until {@link Engine.recomputeDeadlines} (of that
   * dealer only); to switch at a future instant, durably and for every process, use
   * {@link Engine.scheduleRules}.
   */
  setRules(pack: RulesOption, options?: { readonly dealerId?: string }): void;

  /**
   * Subscribes to an event type, or `*` for all, and returns the function that unsubscribes.
   * Events arrive only after their transaction committed. A handler may be `async`: what it
   * throws or rejects with goes to `onListenerError`, never to the engine or the process.
   */
  on<K extends EngineEventType>(type: K, handler: EventHandler<K>): Unsubscribe;
  on(type: '*', handler: WildcardEventHandler): Unsubscribe;
  /** Removes a handler added with {@link Engine.on} (or call what `on` returned). */
  off<K extends EngineEventType>(type: K, handler: EventHandler<K>): void;
  off(type: '*', handler: WildcardEventHandler): void;
  /** Closes the storage adapter. */
  close(): Promise<void>;
}

/** zod's issues as ours; each unknown key of a strict input gets its own path. */
function toIssues(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return issuesFromZod(error, prefix);
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(what, toIssues(r.error));
  return r.data;
}

const TIMER_BATCH = 256;
/** How often `tick` looks for provisional calendar years whose holiday notice has arrived. */
const CALENDAR_CHECK_EVERY = 3_600_000;
/** Tries of a retry-safe command that keeps meeting `VERSION_CONFLICT`. */
const CONFLICT_RETRIES = 3;

/** One listener per handler and type, so `off` finds what `on` added. */
const listeners = new WeakMap<object, Map<string, (event: EngineEvent) => unknown>>();

function listenerOf(
  type: EngineEventType | '*',
  handler: (...args: never[]) => unknown,
): (event: EngineEvent) => unknown {
  let byType = listeners.get(handler);
  if (byType === undefined) {
    byType = new Map();
    listeners.set(handler, byType);
  }
  let listener = byType.get(type);
  if (listener === undefined) {
    const h = handler as (...args: unknown[]) => unknown;
    listener = type === '*' ? (e) => h(e.type, e) : (e) => h(e);
    byType.set(type, listener);
  }
  return listener;
}

/**
 * Creates an engine over a storage adapter.
 *
 * @example
 * ```ts
 * import { createEngine } from '@dealercare/core';
 * import { memoryStorage } from '@dealercare/storage-memory';
 *
 * const engine = createEngine({ storage: memoryStorage() });
 * engine.on('visit.scheduled', (e) => console.log('visit', e.subject.id, 'due', e.data.dueAt));
 * await engine.ingest({ type: 'vehicle.delivered', sourceId: 'DMS-1', dealerId: 'd1', occurredAt: '2026-02-10T10:00:00+08:00', customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] }, vehicle: { id: 'v1', vin: 'LGWEF4A59RH000001' } });
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  const storage = options.storage;
  const clock = options.clock ?? systemClock;
  const registry = new RulesRegistry(options.rules, defaultRulePack);
  const calendarOption = options.calendar ?? chinaCalendar();
  let calendarFor: (dealerId: string) => BusinessCalendar =
    typeof calendarOption === 'function' ? calendarOption : () => calendarOption;
  /** When `tick` last looked for provisional years whose notice has arrived (engine clock). */
  let calendarCheckedAt = Number.NEGATIVE_INFINITY;
  // Time-ordered ids stamped by the engine's clock (no hidden clock): monotonic within a
  // millisecond and across small clock steps back (the generator's 10 s rollback allowance).
  const ids = uuidV7Ids(() => clock.now().getTime());
  const parkedEventWait = parse(
    deadlineExpressionSchema,
    options.parkedEventsExpireAfter ?? DEFAULT_PARKED_EVENT_WAIT,
    'engine option parkedEventsExpireAfter',
  );
  const ctx: EngineContext = {
    rules: registry,
    calendarFor: (dealerId) => calendarFor(dealerId),
    provisionalLedger: new Set(),
    parkedEventWait,
    newId: options.newId ?? ids,
  };
  const verify = options.verifyReads ?? storage.trusted !== true;
  const timerRetry = options.timerRetry ?? DEFAULT_TIMER_RETRY;
  if (!timerRetry.backoff.every((ms) => Number.isFinite(ms) && ms > 0)) {
    throw new ValidationError('engine options', [
      {
        path: ['timerRetry', 'backoff'],
        message: 'must be positive milliseconds',
        code: 'too_small',
      },
    ]);
  }
  const wallClock = parse(
    z.enum(['refuse', 'dealerTimeZone']).default('refuse'),
    options.timestampsWithoutOffset,
    'engine option timestampsWithoutOffset',
  );
  /** With `dealerTimeZone`: the input with its offset-less timestamps read in the dealer's zone. */
  const readTimestamps = (input: unknown): unknown => {
    if (wallClock === 'refuse' || typeof input !== 'object' || input === null) return input;
    const dealerId = (input as { dealerId?: unknown }).dealerId;
    if (!idSchema.safeParse(dealerId).success) return input;
    return readWallClockTimestamps(input, calendarFor(dealerId as string).timeZone);
  };
  /** Rows (and timers) of a trusted adapter are shared with it, immutable: callers get copies. */
  const shared = storage.trusted === true;
  const bus = new EventBus(
    options.onListenerError ??
      ((error: unknown, event: EngineEvent) =>
        console.error(`dealercare: listener for ${event.type} failed`, error)),
  );
  const announce = (events: readonly DomainEvent[]) => bus.announce(events);

  async function run<T>(
    fn: (uow: UnitOfWork) => Promise<T>,
    now = clock.now().getTime(),
  ): Promise<T> {
    let stored: DomainEvent[] = [];
    let committed: readonly (() => void)[] = [];
    const result = await storage.transaction(async (tx) => {
      const uow = new UnitOfWork(tx, now, toInstant(now), verify, (u, dealerId) =>
        registry.prepare(u, dealerId),
      );
      const r = await fn(uow);
      stored = await uow.flush();
      committed = uow.committed;
      return r;
    });
    for (const done of committed) done();
    announce(stored);
    return result;
  }

  /**
   * `run` for commands that are safe to repeat: DMS ingest (idempotent on the source id, and the
   * whole transaction is re-run on fresh reads). Another process that changed the same customer
   * or vehicle in between makes the first try fail with `VERSION_CONFLICT`; it is retried a few
   * times before the error reaches the caller. Commands that carry the caller's
   * `expectedVersion` are never retried: that conflict is the caller's to resolve.
   */
  async function runRetrying<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(fn);
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  /**
   * What a caller gets is theirs to change: rows and timers of a trusted adapter are its own
   * frozen objects (shared by the aggregates built on them), so they are copied — only here, at
   * the public edge.
   */
  function own<A>(aggregate: A): A {
    return shared ? structuredClone(aggregate) : aggregate;
  }

  async function get<K extends RecordKind>(kind: K, dealerId: string, id: string) {
    return own(await run((uow) => uow.load(kind, dealerId, id)));
  }

  /** A single-record lookup, from `{ dealerId, id }` or (deprecated) two strings. */
  async function lookup<K extends RecordKind>(
    kind: K,
    a: RecordLookup | string,
    id?: string,
  ): Promise<AggregateByKind[K]> {
    const q = parse(
      recordLookupSchema,
      typeof a === 'string' ? { dealerId: a, id } : a,
      `get${kind[0]!.toUpperCase()}${kind.slice(1)} lookup`,
    );
    return get(kind, q.dealerId, q.id);
  }

  const desk = deskQueries({ storage, verify, own });

  async function list<
    K extends 'visit' | 'complaint' | 'opinionCase' | 'deadTimer' | 'parkedEvent',
  >(kind: K, query: ListQuery) {
    const q = parse(listQuerySchema, query, 'list query');
    return storage.transaction(async (tx) => {
      const rows = await tx.query({
        kind,
        dealerId: q.dealerId,
        ...(q.status !== undefined ? { status: q.status } : {}),
        ...(q.customerId !== undefined ? { customerId: q.customerId } : {}),
        ...(q.assigneeRole !== undefined ? { assigneeRole: q.assigneeRole } : {}),
        ...(q.assigneeId !== undefined ? { assigneeId: q.assigneeId } : {}),
        ...(q.dueBefore !== undefined ? { dueBefore: q.dueBefore.getTime() } : {}),
        ...(q.afterId !== undefined ? { afterId: q.afterId } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
      });
      return rows.map((r) => own(decodeRecord(kind, r, { verify })));
    });
  }

  async function tick(at?: Date): Promise<TickResult> {
    const now = (at ?? clock.now()).getTime();
    // A notice that arrived (package update, new calendar) moves provisional items: on the first
    // tick of this engine, after `setCalendar`, and hourly for notices another process brought.
    if (now - calendarCheckedAt >= CALENDAR_CHECK_EVERY || now < calendarCheckedAt) {
      calendarCheckedAt = now;
      await confirmProvisionalYears(run, ctx, verify);
    }
    return runTick({ storage, ctx, run, retry: timerRetry, batch: TIMER_BATCH }, now);
  }

  const engine: Engine = {
    async ingest(event) {
      const parsed = parse(dmsEventSchema, readTimestamps(event), 'DMS event');
      return runRetrying((uow) => ingestEvent(uow, ctx, parsed));
    },
    async ingestMany(events) {
      const issues: Issue[] = [];
      const parsed = events.map((e, i) => {
        const r = dmsEventSchema.safeParse(readTimestamps(e));
        if (!r.success) issues.push(...toIssues(r.error, [i]));
        return r.data;
      });
      if (issues.length > 0) throw new ValidationError('DMS event batch', issues);
      return runRetrying(async (uow) => {
        const out: IngestResult[] = [];
        for (const e of parsed) out.push(await ingestEvent(uow, ctx, e!));
        return out;
      });
    },
    async importHistory(events, options = {}) {
      const o = parse(importHistoryOptionsSchema, options, 'importHistory options');
      if (!Array.isArray(events)) {
        throw new ValidationError('importHistory events', [
          { path: [], message: 'must be an array of DMS events', code: 'invalid_type' },
        ]);
      }
      const issues: Issue[] = [];
      const parsed = events.map((e, i) => {
        const r = dmsEventSchema.safeParse(readTimestamps(e));
        if (!r.success) issues.push(...toIssues(r.error, [i]));
        return r.data;
      });
      if (issues.length > 0) throw new ValidationError('importHistory events', issues);
      const cutoff =
        o.scheduleFrom?.getTime() ??
        clock.now().getTime() - DEFAULT_IMPORT_CUTOFF_DAYS * 86_400_000;
      const result = await importHistory(
        (fn) => runRetrying(fn),
        ctx,
        parsed as DmsEvent[],
        cutoff,
        o.batchSize,
      );
      return { ...result, scheduleFrom: toInstant(cutoff) };
    },
    async recordAttempt(input) {
      const p = parse(recordAttemptInputSchema, readTimestamps(input), 'recordAttempt input');
      return own(await run((uow) => recordAttempt(uow, ctx, p)));
    },
    async completeVisit(input) {
      const p = parse(completeVisitInputSchema, input, 'completeVisit input');
      return own(await run((uow) => completeVisit(uow, ctx, p)));
    },
    async correctPhone(input) {
      const p = parse(correctPhoneInputSchema, input, 'correctPhone input');
      return own(await run((uow) => correctPhone(uow, ctx, p)));
    },
    async moveVisit(input) {
      const p = parse(moveVisitInputSchema, input, 'moveVisit input');
      return own(await run((uow) => moveVisit(uow, ctx, p)));
    },
    async openComplaint(input) {
      const p = parse(openComplaintInputSchema, input, 'openComplaint input');
      return own(
        await run(async (uow) => {
          await uow.load('customer', p.dealerId, p.customerId);
          return openComplaint(uow, ctx, p);
        }),
      );
    },
    async moveComplaint(input) {
      const p = parse(moveComplaintInputSchema, input, 'moveComplaint input');
      return own(await run((uow) => moveComplaint(uow, ctx, p)));
    },
    async escalateComplaint(input) {
      const p = parse(escalateComplaintInputSchema, input, 'escalateComplaint input');
      return own(await run((uow) => escalateComplaint(uow, ctx, p)));
    },
    async recordOpinion(input) {
      const p = parse(recordOpinionInputSchema, input, 'recordOpinion input');
      return own(
        await run(async (uow) => {
          await uow.load('customer', p.dealerId, p.customerId);
          if (p.visitId !== undefined) await uow.load('visit', p.dealerId, p.visitId);
          return openOpinionCase(uow, ctx, p);
        }),
      );
    },
    async moveOpinionCase(input) {
      const p = parse(moveOpinionCaseInputSchema, input, 'moveOpinionCase input');
      return own(await run((uow) => moveOpinionCase(uow, ctx, p)));
    },
    async opinionWeeklyList(query) {
      const q = parse(opinionWeeklyListQuerySchema, query, 'opinionWeeklyList query');
      return own(await run((uow) => opinionWeeklyList(uow, ctx, q)));
    },
    async signOpinionWeeklyList(input) {
      const p = parse(signOpinionWeeklyListInputSchema, input, 'signOpinionWeeklyList input');
      return own(await run((uow) => signOpinionWeeklyList(uow, ctx, p)));
    },
    async startReportCadence(input) {
      const p = parse(startReportCadenceInputSchema, input, 'startReportCadence input');
      return own(await runRetrying((uow) => startReportCadence(uow, ctx, p)));
    },
    tick,
    getVisit: (a: RecordLookup | string, id?: string) => lookup('visit', a, id),
    getComplaint: (a: RecordLookup | string, id?: string) => lookup('complaint', a, id),
    getOpinionCase: (a: RecordLookup | string, id?: string) => lookup('opinionCase', a, id),
    getCustomer: (a: RecordLookup | string, id?: string) => lookup('customer', a, id),
    getVehicle: (a: RecordLookup) => lookup('vehicle', a),
    listCustomers: async (query) =>
      desk.listCustomers(parse(customerListQuerySchema, query, 'customer list query')),
    workList: async <K extends WorkItemKind = 'visit'>(query: WorkListQuery & { kind?: K }) =>
      desk.workList(
        parse(workListQuerySchema, query, 'work list query') as z.output<
          typeof workListQuerySchema
        > & { kind: K },
      ),
    countWork: async (query) =>
      desk.countWork(parse(workCountQuerySchema, query, 'work count query')),
    search: async (query) => desk.search(parse(searchQuerySchema, query, 'search query')),
    async rebuildLookupKeys(input) {
      const p = parse(strictInput({ dealerId: idSchema }), input, 'rebuildLookupKeys input');
      return desk.rebuildLookupKeys(p.dealerId);
    },
    async customerTimeline(query) {
      const q = parse(timelineQuerySchema, query, 'timeline query');
      const timeline = await desk.customerTimeline(q);
      if (timeline === undefined) throw new NotFoundError('customer', q.customerId);
      return timeline;
    },
    listVisits: (q) => list('visit', q),
    listComplaints: (q) => list('complaint', q),
    listOpinionCases: (q) => list('opinionCase', q),
    readEvents: async (
      a: string | { dealerId: string; afterSeq?: number; limit?: number },
      o: { afterSeq?: number; limit?: number } = {},
    ) => {
      const q = typeof a === 'string' ? { ...o, dealerId: a } : a;
      const p = parse(readEventsQuerySchema, q, 'readEvents query');
      return storage.transaction((tx) =>
        tx.readEvents({
          dealerId: p.dealerId,
          ...(p.afterSeq !== undefined ? { afterSeq: p.afterSeq } : {}),
          ...(p.limit !== undefined ? { limit: p.limit } : {}),
        }),
      );
    },
    feed: (query) => readFeedPage(storage, query),
    async setDoNotContact(input) {
      const p = parse(setDoNotContactInputSchema, input, 'setDoNotContact input');
      return own(await run((uow) => setDoNotContact(uow, p)));
    },
    async clearDoNotContact(input) {
      const p = parse(clearDoNotContactInputSchema, input, 'clearDoNotContact input');
      return own(await run((uow) => clearDoNotContact(uow, p)));
    },
    async markCustomerLost(input) {
      const p = parse(markCustomerLostInputSchema, input, 'markCustomerLost input');
      return own(await run((uow) => markCustomerLost(uow, ctx, p)));
    },
    async lostCustomers(query) {
      const q = parse(lostCustomersQuerySchema, query, 'lostCustomers query');
      return run((uow) => countLostCustomers(uow, q));
    },
    async recordSmsOptIn(input) {
      const p = parse(recordSmsOptInInputSchema, input, 'recordSmsOptIn input');
      return own(await run((uow) => recordSmsOptIn(uow, p)));
    },
    async getContactConsent(query) {
      const q = parse(timelineQuerySchema, query, 'getContactConsent query');
      return own(await run((uow) => uow.find('contactConsent', q.dealerId, q.customerId)));
    },
    async recomputeDeadlines(input: string | { dealerId: string }) {
      const id =
        typeof input === 'string'
          ? parse(idSchema, input, 'dealer id')
          : parse(strictInput({ dealerId: idSchema }), input, 'recomputeDeadlines input').dealerId;
      const pack = registry.current(id, clock.now().getTime());
      return recomputeDealer(run, ctx, id, `recompute:${pack.pack.id}`, verify);
    },
    confirmProvisionalYears: () => confirmProvisionalYears(run, ctx, verify),
    setCalendar(calendar) {
      calendarFor = typeof calendar === 'function' ? calendar : () => calendar;
      ctx.provisionalLedger.clear();
      calendarCheckedAt = Number.NEGATIVE_INFINITY;
    },
    async eraseCustomer(
      a: string | { dealerId: string; customerId: string; actor: Actor },
      customerId?: string,
      actor?: Actor,
    ) {
      const p = parse(
        eraseCustomerInputSchema,
        typeof a === 'string' ? { dealerId: a, customerId, actor } : a,
        'eraseCustomer input',
      );
      return run((uow) => eraseCustomer(uow, ctx, p.dealerId, p.customerId, p.actor));
    },
    async assign(input) {
      const p = parse(assignInputSchema, input, 'assign input');
      return own(await run((uow) => assignCommand(uow, ctx, p)));
    },
    async inWarranty(query) {
      const q = parse(warrantyQuerySchema, query, 'inWarranty query');
      return run((uow) => inWarranty(uow, ctx, q));
    },
    async contactAllowed(input) {
      const q = parse(contactQuerySchema, input, 'contactAllowed input');
      return run(async (uow) => {
        const visit = await uow.load('visit', q.dealerId, q.visitId);
        const at = q.at !== undefined ? toEpoch(q.at) : uow.now;
        return contactDecision(uow, ctx, visit, q.channel ?? visit.channel ?? 'phone', at);
      });
    },
    async claim(input) {
      const p = parse(claimInputSchema, input, 'claim input');
      return own(await run((uow) => claimCommand(uow, ctx, p)));
    },
    async putStaffMember(input) {
      const p = parse(putStaffMemberInputSchema, input, 'putStaffMember input');
      return own(await run((uow) => putStaffMember(uow, p)));
    },
    async listStaff(query) {
      const q = parse(staffQuerySchema, query, 'staff query');
      return (await listStaff(run, q)).map(own);
    },
    async reassignOpenWork(input) {
      const p = parse(reassignOpenWorkInputSchema, input, 'reassignOpenWork input');
      return reassignOpenWork(run, ctx, p);
    },
    async scheduleRules(input) {
      const p = parse(scheduleRulesInputSchema, input, 'scheduleRules input');
      const saved = await run((uow) => scheduleRules(uow, p));
      registry.invalidate(p.dealerId);
      return own(saved);
    },
    async listRulesVersions(query) {
      const q = parse(rulesVersionQuerySchema, query, 'rules version query');
      const rows = await storage.transaction((tx) =>
        tx.query({ dealerId: q.dealerId, kind: 'rulesVersion', limit: 10_000 }),
      );
      return rows.map((r) => own(decodeRecord('rulesVersion', r, { verify })));
    },
    async listDeadTimers(query) {
      const q = parse(deadTimerQuerySchema, query, 'dead timer query');
      return list('deadTimer', {
        dealerId: q.dealerId,
        status: q.status,
        ...(q.afterId !== undefined ? { afterId: q.afterId } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
      });
    },
    async listParkedEvents(query) {
      const q = parse(parkedEventQuerySchema, query, 'parked event query');
      return list('parkedEvent', {
        dealerId: q.dealerId,
        status: q.status,
        ...(q.afterId !== undefined ? { afterId: q.afterId } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
      });
    },
    async reviveDeadTimer(input) {
      const p = parse(deadTimerCommandSchema, input, 'reviveDeadTimer input');
      return own(await run((uow) => reviveDeadTimer(uow, p)));
    },
    async discardDeadTimer(input) {
      const p = parse(deadTimerCommandSchema, input, 'discardDeadTimer input');
      return own(await run((uow) => discardDeadTimer(uow, p)));
    },
    pendingTimers: async (dealerId, subject) =>
      own(await storage.transaction((tx) => tx.timersOf(dealerId, subject))),
    get rules() {
      return registry.configured('');
    },
    rulesFor(dealerId) {
      return run((uow) => {
        const id = parse(idSchema, dealerId, 'dealer id');
        return uow.touch(id).then(() => registry.current(id, uow.now));
      });
    },
    setRules(pack, setOptions) {
      const dealerId =
        setOptions?.dealerId === undefined
          ? undefined
          : parse(idSchema, setOptions.dealerId, 'setRules dealerId');
      registry.set(pack, dealerId);
    },
    on(type: EngineEventType | '*', handler: (...args: never[]) => unknown) {
      return bus.on(type, listenerOf(type, handler));
    },
    off(type: EngineEventType | '*', handler: (...args: never[]) => unknown) {
      bus.off(type, listenerOf(type, handler));
    },
    close: () => storage.close(),
  };
  return engine;
}
