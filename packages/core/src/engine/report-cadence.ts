import { z } from 'zod';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { WEEKDAYS } from '../calendar/calendar-definition';
import {
  PermissionDeniedError,
  RealNameRequiredError,
  TransitionNotAllowedError,
  ValidationError,
} from '../errors';
import { actorRef, actorSchema } from '../model/actor';
import { wallClockToInstant } from '../model/local-timestamps';
import type { OpinionCase } from '../model/opinion-case';
import { idSchema, toEpoch, toInstant } from '../model/primitives';
import type { ReportCadence, ReportPeriod, ReportSignOff } from '../model/report-cadence';
import { strictInput } from '../model/strict-input';
import type { CadenceDue, CadenceEntry } from '../rules/rule-pack-schema';
import type { TimerRecord } from '../storage/storage-port';
import { type EngineContext, makeTimer, packFor } from './engine-context';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A local date `YYYY-MM-DD` that exists on the calendar. */
const localDateSchema = z
  .string()
  .regex(LOCAL_DATE, 'must be a local date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a date on the calendar');

/** `date` plus `n` days (plain calendar arithmetic on `YYYY-MM-DD`). */
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(date: string): number {
  return new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay();
}

/** The instant of a local wall-clock time (`HH:MM`, `24:00` = the next midnight) on a date. */
function localInstant(cal: BusinessCalendar, date: string, time = '00:00'): number {
  if (time === '24:00') return localInstant(cal, addDays(date, 1));
  const at = wallClockToInstant(`${date}T${time}`, cal.timeZone);
  if (at === undefined) throw new RangeError(`no instant for ${date}T${time} in ${cal.timeZone}`);
  return toEpoch(at);
}

/** The Monday of the week (Monday to Sunday) of a date. */
function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** The week period (Monday to Sunday) containing a local date. */
export function weekPeriod(date: string): ReportPeriod {
  const monday = mondayOf(date);
  return { key: `week:${monday}`, from: monday, to: addDays(monday, 6) };
}

/**
 * The period of a cadence containing instant `t` (for `every: "workingDay"` on a day off: the
 * next working day).
 */
export function periodContaining(due: CadenceDue, cal: BusinessCalendar, t: number): ReportPeriod {
  const date = cal.localDate(t);
  switch (due.every) {
    case 'workingDay': {
      const day = cal.isWorkingDay(date) ? date : cal.nthWorkingDay(t, 1).date;
      return { key: `day:${day}`, from: day, to: day };
    }
    case 'week':
      return weekPeriod(date);
    case 'month': {
      const month = date.slice(0, 7);
      const next = `${nextMonth(month)}-01`;
      return { key: `month:${month}`, from: `${month}-01`, to: addDays(next, -1) };
    }
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The period after `p`. */
export function followingPeriod(
  due: CadenceDue,
  cal: BusinessCalendar,
  p: ReportPeriod,
): ReportPeriod {
  return periodContaining(due, cal, localInstant(cal, addDays(p.to, 1)));
}

/** When a period is due, when its hand-in window opens (if the pack says), and when it is announced. */
export interface PeriodDue {
  readonly dueAt: number;
  readonly opensAt: number | null;
  /** Start of work on the due instant's day (never after `dueAt`). */
  readonly announceAt: number;
}

/** The due instant of a period on the dealer's working calendar (see `cadenceDueSchema`). */
export function periodDue(due: CadenceDue, cal: BusinessCalendar, p: ReportPeriod): PeriodDue {
  let dueAt: number;
  let opensAt: number | null = null;
  switch (due.every) {
    case 'workingDay': {
      const next = cal.nthWorkingDay(localInstant(cal, p.from), 1).date;
      dueAt = localInstant(cal, next, due.at);
      if (due.opens !== undefined) opensAt = localInstant(cal, next, due.opens);
      break;
    }
    case 'week': {
      const offset = (WEEKDAYS.indexOf(due.weekday) + 6) % 7;
      dueAt = cal.endOfWorkingDay(localInstant(cal, addDays(p.from, offset)));
      break;
    }
    case 'month': {
      const day = `${nextMonth(p.from.slice(0, 7))}-${String(due.day).padStart(2, '0')}`;
      dueAt = cal.endOfWorkingDay(localInstant(cal, day));
      break;
    }
  }
  const dayStart = cal.nextWorkingInstant(localInstant(cal, cal.localDate(dueAt)));
  return { dueAt, opensAt, announceAt: Math.min(dayStart, opensAt ?? dayStart, dueAt) };
}

/** The next state of a cadence tracker: period `p` with its due instants. */
function nextOf(due: CadenceDue, cal: BusinessCalendar, p: ReportPeriod): ReportCadence['next'] {
  const d = periodDue(due, cal, p);
  return { period: p, dueAt: toInstant(d.dueAt), announceAt: toInstant(d.announceAt) };
}

function cadenceTimer(rc: ReportCadence): TimerRecord {
  return makeTimer(
    rc.dealerId,
    { kind: 'reportCadence', id: rc.id },
    'report.due',
    toEpoch(rc.next.announceAt),
    ['active'],
    { period: rc.next.period.key },
  );
}

/** Input of `engine.startReportCadence`. */
export const startReportCadenceInputSchema = strictInput({ dealerId: idSchema });
/** Input of `engine.startReportCadence`. */
export type StartReportCadenceInput = z.input<typeof startReportCadenceInputSchema>;

/**
 * Starts (or brings in line with the dealer's pack) the dealer's report cadence: one tracker per
 * pack `cadence` entry, whose durable timer `tick` fires to announce `report.due`. A new entry
 * starts at the period containing the call (or the next one, if that one's due time has passed),
 * never at a period from before the start; a running one keeps its next period (its due instant
 * recomputed under the pack); an entry gone from the pack is stopped. Calling it again changes
 * nothing when the pack did not change.
 */
export async function startReportCadence(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof startReportCadenceInputSchema>,
): Promise<ReportCadence[]> {
  const { dealerId } = input;
  const pack = packFor(ctx, uow, dealerId);
  const cal = ctx.calendarFor(dealerId);
  const out: ReportCadence[] = [];
  const wanted = new Set(pack.pack.cadence.map((e) => e.id));
  for (const entry of pack.pack.cadence) {
    const known = await uow.find('reportCadence', dealerId, entry.id);
    if (known?.state === 'active' && known.rulesVersion === pack.hash) {
      out.push(known);
      continue;
    }
    let period: ReportPeriod;
    if (known?.state === 'active' && sameKind(known.next.period, entry.due)) {
      period = known.next.period;
    } else {
      period = periodContaining(entry.due, cal, uow.now);
      // A fresh start owes nothing already past due.
      while (periodDue(entry.due, cal, period).dueAt < uow.now)
        period = followingPeriod(entry.due, cal, period);
    }
    const rc: ReportCadence = {
      id: entry.id,
      dealerId,
      report: entry.report,
      rulesVersion: pack.hash,
      next: nextOf(entry.due, cal, period),
      ...(known?.lastAnnounced !== undefined ? { lastAnnounced: known.lastAnnounced } : {}),
      state: 'active',
      version: known?.version ?? 0,
      createdAt: known?.createdAt ?? uow.at,
      updatedAt: uow.at,
    };
    const saved = await uow.save('reportCadence', rc);
    await uow.replaceTimers(dealerId, { kind: 'reportCadence', id: rc.id }, [cadenceTimer(saved)]);
    out.push(saved);
  }
  const running = await uow.query({
    dealerId,
    kind: 'reportCadence',
    status: 'active',
    limit: 10_000,
  });
  for (const row of running) {
    if (wanted.has(row.id)) continue;
    const rc =
      (await uow.find('reportCadence', dealerId, row.id)) ?? decodeRecord('reportCadence', row);
    await stop(uow, rc);
  }
  return out;
}

function sameKind(p: ReportPeriod, due: CadenceDue): boolean {
  const prefix = { workingDay: 'day:', week: 'week:', month: 'month:' }[due.every];
  return p.key.startsWith(prefix);
}

async function stop(uow: UnitOfWork, rc: ReportCadence): Promise<void> {
  await uow.save('reportCadence', { ...rc, state: 'stopped' });
  await uow.replaceTimers(rc.dealerId, { kind: 'reportCadence', id: rc.id }, []);
}

/**
 * Fires a cadence timer: announces `report.due` for the tracker's next period (with `late` when
 * the announcement comes after the due instant, e.g. the engine was down) and moves the tracker to
 * the following period. A timer for another period than the tracker's next is stale: ignored.
 */
export async function fireReportTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  rc: ReportCadence,
  timer: TimerRecord,
): Promise<void> {
  if (timer.payload.period !== rc.next.period.key) {
    // Not the tracker's timer any more: put back the one its next period needs.
    await uow.replaceTimers(rc.dealerId, { kind: 'reportCadence', id: rc.id }, [cadenceTimer(rc)]);
    return;
  }
  const pack = packFor(ctx, uow, rc.dealerId);
  const entry: CadenceEntry | undefined = pack.pack.cadence.find((e) => e.id === rc.id);
  if (entry === undefined) {
    await stop(uow, rc);
    return;
  }
  const cal = ctx.calendarFor(rc.dealerId);
  const p = rc.next.period;
  // Due under the pack and calendar in force now (a holiday notice or a pack change since).
  const now = sameKind(p, entry.due) ? periodDue(entry.due, cal, p) : undefined;
  const dueAt = now?.dueAt ?? toEpoch(rc.next.dueAt);
  uow.emit(
    'report.due',
    rc.dealerId,
    { kind: 'reportCadence', id: rc.id },
    {
      cadenceId: rc.id,
      report: rc.report,
      period: p,
      dueAt: toInstant(dueAt),
      opensAt: now?.opensAt == null ? null : toInstant(now.opensAt),
      recipients: entry.recipients,
      late: uow.now > dueAt,
    },
  );
  const following = sameKind(p, entry.due)
    ? followingPeriod(entry.due, cal, p)
    : periodContaining(entry.due, cal, uow.now);
  const saved = await uow.save('reportCadence', {
    ...rc,
    report: entry.report,
    rulesVersion: pack.hash,
    next: nextOf(entry.due, cal, following),
    lastAnnounced: p.key,
  });
  await uow.replaceTimers(rc.dealerId, { kind: 'reportCadence', id: rc.id }, [cadenceTimer(saved)]);
}

/** Input of `engine.opinionWeeklyList`. */
export const opinionWeeklyListQuerySchema = strictInput({
  dealerId: idSchema,
  /** Any local date of the week (Monday to Sunday), `YYYY-MM-DD`. */
  week: localDateSchema,
});
/** Input of `engine.opinionWeeklyList`. */
export type OpinionWeeklyListQuery = z.input<typeof opinionWeeklyListQuerySchema>;

/** Input of `engine.signOpinionWeeklyList`. */
export const signOpinionWeeklyListInputSchema = strictInput({
  dealerId: idSchema,
  week: localDateSchema,
  /** The signer: a person holding the pack's `opinion.weeklyList.signedBy` role. */
  actor: actorSchema,
  /** The GM's suggestions for improving the work. */
  note: z.string().min(1).max(4000).optional(),
});
/** Input of `engine.signOpinionWeeklyList`. */
export type SignOpinionWeeklyListInput = z.input<typeof signOpinionWeeklyListInputSchema>;

/** The Friday list for the GM: the week's opinion cases and the signature, once signed. */
export interface OpinionWeeklyList {
  readonly period: ReportPeriod;
  /** Opinion cases raised in the week (local dates), oldest first. */
  readonly cases: readonly OpinionCase[];
  /** The sign-off, or `null` while unsigned. */
  readonly signOff: ReportSignOff | null;
}

/** The id of a week's sign-off record. */
function signOffId(p: ReportPeriod): string {
  return `opinion-weekly:${p.from}`;
}

/** The opinion cases raised in a period (local dates of `raisedAt`), oldest first. */
async function casesIn(
  uow: UnitOfWork,
  ctx: EngineContext,
  dealerId: string,
  p: ReportPeriod,
): Promise<OpinionCase[]> {
  const cal = ctx.calendarFor(dealerId);
  const out: OpinionCase[] = [];
  let afterId: string | undefined;
  for (;;) {
    const rows = await uow.query({
      dealerId,
      kind: 'opinionCase',
      limit: 1000,
      ...(afterId !== undefined ? { afterId } : {}),
    });
    for (const row of rows) {
      const oc = decodeRecord('opinionCase', row, { verify: uow.verifyReads });
      const d = cal.localDate(toEpoch(oc.raisedAt));
      if (d >= p.from && d <= p.to) out.push(oc);
    }
    if (rows.length < 1000) break;
    afterId = rows[rows.length - 1]!.id;
  }
  return out.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.id.localeCompare(b.id));
}

/** `engine.opinionWeeklyList`. */
export async function opinionWeeklyList(
  uow: UnitOfWork,
  ctx: EngineContext,
  q: z.output<typeof opinionWeeklyListQuerySchema>,
): Promise<OpinionWeeklyList> {
  const period = weekPeriod(q.week);
  const cases = await casesIn(uow, ctx, q.dealerId, period);
  const signOff = (await uow.find('reportSignOff', q.dealerId, signOffId(period))) ?? null;
  return { period, cases, signOff };
}

/**
 * `engine.signOpinionWeeklyList`: the GM signs the week's list (总经理签字确认 [000]). Refused with
 * `REAL_NAME_REQUIRED` for the system actor, `PERMISSION_DENIED` without the signing role, and
 * `TRANSITION_NOT_ALLOWED` (state `signed`) when the week is already signed.
 */
export async function signOpinionWeeklyList(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof signOpinionWeeklyListInputSchema>,
): Promise<ReportSignOff> {
  const { dealerId, actor } = input;
  const machine = 'opinionWeeklyList';
  if (actor.kind !== 'person') throw new RealNameRequiredError(machine, 'sign');
  const role = packFor(ctx, uow, dealerId).pack.opinion.weeklyList.signedBy;
  if (!actor.roles.includes(role))
    throw new PermissionDeniedError(machine, 'sign', actor.id, [role]);
  const period = weekPeriod(input.week);
  if (uow.now < localStart(ctx, dealerId, period)) {
    throw new ValidationError('signOpinionWeeklyList input', [
      { path: ['week'], message: 'the week has not begun', code: 'custom' },
    ]);
  }
  const id = signOffId(period);
  const signedAlready = (s: ReportSignOff) =>
    new TransitionNotAllowedError(
      machine,
      'signed',
      'sign',
      `${period.key} was signed by ${s.signedBy.id} at ${s.signedAt}`,
    );
  const known = await uow.find('reportSignOff', dealerId, id);
  if (known !== undefined) throw signedAlready(known);
  if (!(await uow.tx.claimKey(dealerId, `sign-off:${id}`))) {
    // Another transaction signed it meanwhile (it committed before this claim returned).
    const row = await uow.tx.get('reportSignOff', dealerId, id);
    if (row !== undefined) throw signedAlready(decodeRecord('reportSignOff', row));
    throw new TransitionNotAllowedError(machine, 'signed', 'sign', `${period.key} was signed`);
  }
  const cases = await casesIn(uow, ctx, dealerId, period);
  const signOff: ReportSignOff = {
    id,
    dealerId,
    report: 'opinion-weekly',
    period,
    caseIds: cases.map((c) => c.id),
    role,
    signedBy: actorRef(actor),
    signedAt: uow.at,
    ...(input.note !== undefined ? { note: input.note } : {}),
    state: 'signed',
    version: 0,
    history: [uow.fact({ actor: actorRef(actor), command: 'sign', from: null, to: 'signed' })],
    createdAt: uow.at,
    updatedAt: uow.at,
  };
  const saved = await uow.save('reportSignOff', signOff);
  uow.emit(
    'opinion.weekly-list-signed',
    dealerId,
    { kind: 'reportSignOff', id },
    {
      period,
      caseIds: saved.caseIds,
      role,
      signedBy: actor.id,
      note: input.note ?? null,
    },
  );
  return saved;
}

function localStart(ctx: EngineContext, dealerId: string, p: ReportPeriod): number {
  return localInstant(ctx.calendarFor(dealerId), p.from);
}
