import mitt, { type Handler, type WildcardHandler } from 'mitt';
import { V7Generator } from 'uuidv7';
import { z } from 'zod';
import { chinaCalendar } from '../calendar';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { type Clock, systemClock } from '../clock/clock';
import { type Issue, ValidationError, VersionConflictError } from '../errors';
import { OPEN_COMPLAINT_STATES } from '../machines/complaint-machine';
import { type Actor, actorSchema } from '../model/actor';
import type { Complaint } from '../model/complaint';
import type { Customer } from '../model/customer';
import { type DmsEventInput, dmsEventSchema } from '../model/dms-event';
import type { DomainEvent, RecordKind } from '../model/domain-event';
import { readWallClockTimestamps, type TimestampsWithoutOffset } from '../model/local-timestamps';
import type { OpinionCase } from '../model/opinion-case';
import { idSchema, toInstant } from '../model/primitives';
import { issuesFromZod } from '../model/strict-input';
import type { Visit } from '../model/visit';
import { type CompiledRulePack, compileRulePack } from '../rules/compile-rule-pack';
import { defaultRulePack } from '../rules/default-pack';
import type { StorageAdapter, StoredRecord, TimerRecord } from '../storage/storage-port';
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
import {
  escalateComplaint,
  moveComplaint,
  openComplaint,
  recomputeComplaint,
} from './complaint-flow';
import type { EngineContext } from './engine-context';
import type { EngineEvent, EngineEvents, EngineEventType } from './engine-events';
import { type ErasureReceipt, eraseCustomer } from './erasure';
import { type IngestResult, ingestEvent } from './ingest';
import { moveOpinionCase, openOpinionCase } from './opinion-flow';
import { decodeRecord } from './record-codec';
import { fireTimer, isTimerFault, type TickResult } from './tick';
import { UnitOfWork } from './unit-of-work';
import {
  completeVisit,
  correctPhone,
  moveVisit,
  recomputeVisit,
  recordAttempt,
} from './visit-flow';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where everything is kept: `memoryStorage()`, `sqliteStorage(...)`, or your adapter. */
  readonly storage: StorageAdapter;
  /** Where "now" comes from (default: the system clock). */
  readonly clock?: Clock;
  /** A rule pack (JSON object) or a compiled one (default: the built-in `default` pack). */
  readonly rules?: unknown;
  /** The working calendar, or one per dealer (default: China, Asia/Shanghai, 08:30–12:00, 13:30–17:30). */
  readonly calendar?: BusinessCalendar | ((dealerId: string) => BusinessCalendar);
  /**
   * Id generator for new records. Default: time-ordered UUIDs (version 7, RFC 9562, from
   * `uuidv7`) stamped with the engine's `clock`: a record this engine makes later has a greater
   * id, so lists paged by id come in creation order and a database's indexes grow at their end
   * instead of at random places (ingest into SQLite about 1.4× faster at 100,000 events than with
   * random UUIDs). Their first 48 bits are the creation time, readable by whoever sees an id;
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
   * Fires every timer due at `now` (default: the clock) in due order: windows opening,
   * warnings, breaches, ladder steps. Idempotent: a second call fires nothing already fired.
   */
  tick(now?: Date): Promise<TickResult>;

  getVisit(dealerId: string, id: string): Promise<Visit>;
  getComplaint(dealerId: string, id: string): Promise<Complaint>;
  getOpinionCase(dealerId: string, id: string): Promise<OpinionCase>;
  getCustomer(dealerId: string, id: string): Promise<Customer>;
  listVisits(query: ListQuery): Promise<Visit[]>;
  listComplaints(query: ListQuery): Promise<Complaint[]>;
  listOpinionCases(query: ListQuery): Promise<OpinionCase[]>;
  /** The dealer's event log after `afterSeq`. */
  readEvents(
    dealerId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<DomainEvent[]>;
  /**
   * Erases a customer's personal data (PIPL) from records, history and the event log, keeping
   * anonymous counts and scores; records who erased what and when. Needs a person with the
   * `customer.erase` permission (default: csManager, generalManager).
   */
  eraseCustomer(dealerId: string, customerId: string, actor: Actor): Promise<ErasureReceipt>;

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
  recomputeDeadlines(dealerId: string): Promise<RecomputeResult>;
  /** Pending timers of a record (for screens that show what will happen next). */
  pendingTimers(
    dealerId: string,
    subject: { kind: RecordKind; id: string },
  ): Promise<TimerRecord[]>;

  /** The rule pack in force. */
  readonly rules: CompiledRulePack;
  /** Replaces the rule pack. A bad pack throws `RULE_PACK_INVALID` and the previous pack stays. */
  setRules(pack: unknown): void;

  /** Subscribes to an event type, or `*` for all. Events arrive only after their transaction committed. */
  on<K extends EngineEventType>(type: K, handler: Handler<EngineEvents[K]>): void;
  on(type: '*', handler: WildcardHandler<EngineEvents>): void;
  off<K extends EngineEventType>(type: K, handler: Handler<EngineEvents[K]>): void;
  off(type: '*', handler: WildcardHandler<EngineEvents>): void;
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

function isCompiled(x: unknown): x is CompiledRulePack {
  return typeof x === 'object' && x !== null && 'matchVisitRules' in x && 'pack' in x;
}

const TIMER_BATCH = 256;
/** Tries of a retry-safe command that keeps meeting `VERSION_CONFLICT`. */
const CONFLICT_RETRIES = 3;

/** Items looked at, and items whose deadline or window moved. */
export interface RecomputeCount {
  readonly examined: number;
  readonly changed: number;
}

/** What {@link Engine.recomputeDeadlines} did: totals, and per kind. */
export interface RecomputeResult extends RecomputeCount {
  readonly complaints: RecomputeCount;
  readonly visits: RecomputeCount;
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
  let rules = isCompiled(options.rules)
    ? options.rules
    : compileRulePack(options.rules ?? defaultRulePack);
  const calendarOption = options.calendar ?? chinaCalendar();
  const calendarFor = typeof calendarOption === 'function' ? calendarOption : () => calendarOption;
  // Time-ordered ids stamped by the engine's clock (no hidden clock): monotonic within a
  // millisecond and across small clock steps back (the generator's 10 s rollback allowance).
  const ids = new V7Generator();
  const ctx: EngineContext = {
    rules: () => rules,
    calendarFor,
    newId:
      options.newId ??
      (() => ids.generateOrResetWithTs(Math.max(0, clock.now().getTime())).toString()),
  };
  const verify = options.verifyReads ?? storage.trusted !== true;
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
  const bus = mitt<EngineEvents>();
  const onListenerError =
    options.onListenerError ??
    ((error: unknown, event: EngineEvent) =>
      console.error(`dealercare: listener for ${event.type} threw`, error));

  function announce(events: readonly DomainEvent[]): void {
    for (const e of events) {
      const event = e as EngineEvent;
      try {
        bus.emit(event.type, event as never);
      } catch (error) {
        onListenerError(error, event);
      }
    }
  }

  async function run<T>(
    fn: (uow: UnitOfWork) => Promise<T>,
    now = clock.now().getTime(),
  ): Promise<T> {
    let stored: DomainEvent[] = [];
    const result = await storage.transaction(async (tx) => {
      const uow = new UnitOfWork(tx, now, toInstant(now), verify);
      const r = await fn(uow);
      stored = await uow.flush();
      return r;
    });
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

  async function list<K extends 'visit' | 'complaint' | 'opinionCase'>(kind: K, query: ListQuery) {
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
    let fired = 0;
    let discarded = 0;
    const failed: { timerId: string; error: unknown }[] = [];
    const count = (o: string) => {
      if (o === 'fired') fired++;
      else if (o === 'discarded') discarded++;
    };
    for (;;) {
      const due = await storage.transaction((tx) => tx.dueTimers(now, TIMER_BATCH));
      if (due.length === 0) break;
      try {
        const outcomes = await run(async (uow) => {
          const out: string[] = [];
          for (const t of due) out.push(await fireTimer(uow, ctx, t));
          return out;
        }, now);
        outcomes.forEach(count);
      } catch (batchError) {
        if (!isTimerFault(batchError)) throw batchError;
        // One timer spoiled the batch: fire them one by one so the others go through.
        for (const t of due) {
          try {
            count(await run((uow) => fireTimer(uow, ctx, t), now));
          } catch (error) {
            if (error instanceof VersionConflictError) continue; // another process moved it; next tick
            failed.push({ timerId: t.id, error });
            await storage.transaction((tx) => tx.claimTimer(t.id));
          }
        }
      }
    }
    return { fired, discarded, failed };
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
    tick,
    getVisit: (d, id) => get('visit', d, id),
    getComplaint: (d, id) => get('complaint', d, id),
    getOpinionCase: (d, id) => get('opinionCase', d, id),
    getCustomer: (d, id) => get('customer', d, id),
    listVisits: (q) => list('visit', q),
    listComplaints: (q) => list('complaint', q),
    listOpinionCases: (q) => list('opinionCase', q),
    readEvents: (dealerId, o = {}) =>
      storage.transaction((tx) =>
        tx.readEvents({
          dealerId,
          ...(o.afterSeq !== undefined ? { afterSeq: o.afterSeq } : {}),
          ...(o.limit !== undefined ? { limit: o.limit } : {}),
        }),
      ),
    async recomputeDeadlines(dealerId) {
      const id = parse(idSchema, dealerId, 'dealer id');
      const reason = `recompute:${rules.pack.id}`;
      const pass = async (
        kind: 'visit' | 'complaint',
        status: readonly string[],
        one: (uow: UnitOfWork, row: StoredRecord) => Promise<boolean>,
      ): Promise<RecomputeCount> => {
        let examined = 0;
        let changed = 0;
        let afterId: string | undefined;
        for (;;) {
          const page = await run(async (uow) => {
            const rows = await uow.query({
              kind,
              dealerId: id,
              status: [...status],
              limit: TIMER_BATCH,
              ...(afterId !== undefined ? { afterId } : {}),
            });
            let moved = 0;
            for (const row of rows) if (await one(uow, row)) moved++;
            return { rows: rows.length, last: rows.at(-1)?.id, moved };
          });
          examined += page.rows;
          changed += page.moved;
          if (page.rows < TIMER_BATCH || page.last === undefined) break;
          afterId = page.last;
        }
        return { examined, changed };
      };
      const complaints = await pass('complaint', OPEN_COMPLAINT_STATES, (uow, row) =>
        recomputeComplaint(uow, ctx, decodeRecord('complaint', row, { verify }), reason),
      );
      const visits = await pass(
        'visit',
        ['scheduled', 'open', 'attempting', 'blocked'],
        (uow, row) => recomputeVisit(uow, ctx, decodeRecord('visit', row, { verify }), reason),
      );
      return {
        examined: complaints.examined + visits.examined,
        changed: complaints.changed + visits.changed,
        complaints,
        visits,
      };
    },
    async eraseCustomer(dealerId, customerId, actor) {
      const a = parse(actorSchema, actor, 'actor');
      return run((uow) => eraseCustomer(uow, ctx, dealerId, customerId, a));
    },
    pendingTimers: async (dealerId, subject) =>
      own(await storage.transaction((tx) => tx.timersOf(dealerId, subject))),
    get rules() {
      return rules;
    },
    setRules(pack) {
      rules = isCompiled(pack) ? pack : compileRulePack(pack);
    },
    on: bus.on as Engine['on'],
    off: bus.off as Engine['off'],
    close: () => storage.close(),
  };
  return engine;
}
