import {
  type BusinessCalendar,
  type CompiledRulePack,
  chinaCalendar,
  decodeRecord,
  type StorageAdapter,
  ValidationError,
} from '@dealercare/core';
import { ComplaintBacklogMetrics } from '../complaints/complaint-backlog';
import { type BreachedComplaint, ComplaintMetrics } from '../complaints/complaint-metrics';
import { ContactMetrics } from '../follow-up/contact-rate';
import { FollowUpMetrics } from '../follow-up/follow-up-metrics';
import { ServiceAdvisorMetrics } from '../follow-up/service-advisor-metrics';
import { OpinionCaseMetrics } from '../opinion-cases/opinion-case-metrics';
import { OutletMetrics } from '../outlets/outlet-metrics';
import { parseInstant } from '../period/parse-instant';
import { type ReportPeriod, resolvePeriod } from '../period/report-period';
import { type ReadOptions, readPages, readRecordPages } from '../reading/read-aggregates';
import { DEFAULT_REWORK_WITHIN_DAYS, ReworkMetrics } from '../rework/rework-metrics';
import { SatisfactionMetrics } from '../satisfaction/satisfaction-metrics';
import { targetResults } from '../targets/kpi-targets';
import { WarrantyFollowUpMetrics } from '../warranty/warranty-follow-up';
import { complaintAsOf, opinionCaseAsOf, visitAsOf } from './as-of';
import { type DealerReport, REPORT_SECTIONS, type ReportSection } from './dealer-report';

/** Options of {@link buildReport}. */
export interface ReportOptions {
  readonly dealerId: string;
  readonly dealerName?: string;
  /** Local dates in the dealer's time zone, both inclusive. */
  readonly period: ReportPeriod;
  /** The compiled rule pack (its survey definitions re-score items for the weak-item analysis). */
  readonly rules: CompiledRulePack;
  /** The dealer's working calendar (default `chinaCalendar()`): resolution times in working hours. */
  readonly calendar?: BusinessCalendar;
  /** Time zone of the period and of shown dates (default: the calendar's). */
  readonly timeZone?: string;
  /**
   * The snapshot instant (default: the current time): figures count only what had happened by
   * then — a visit completed, a complaint resolved or a record created later is not counted as
   * such — and "overdue" and open complaints are judged at it.
   */
  readonly asOf?: Date;
  /** Sections to compute (default: all); the others are `null`. */
  readonly sections?: readonly ReportSection[];
  /** Display names of staff and agents by id (shown masked unless a renderer is told otherwise). */
  readonly people?: Readonly<Record<string, string>>;
  /** Weak items listed per survey (default 5). */
  readonly weakItemCount?: number;
  /** Standard deviations below the dealer mean that flag a staff member (default 1). */
  readonly weakStaffStandardDeviations?: number;
  /** Fewest responses before a staff member can be flagged (default 3). */
  readonly weakStaffMinResponses?: number;
  /** Months in the satisfaction trend, ending with the period's last month (default 6). */
  readonly trendMonths?: number;
  /**
   * Days after a repair within which the vehicle coming back counts as rework (default
   * {@link DEFAULT_REWORK_WITHIN_DAYS}, 30: the usual comeback window; see `ReworkReport`).
   */
  readonly reworkWithinDays?: number;
  /** Breached complaints listed with customer details (default 50). */
  readonly detailLimit?: number;
  /** Paging and decoding of the stored rows. */
  readonly read?: ReadOptions;
}

let chinaDefault: BusinessCalendar | undefined;

/** The default calendar, built once (building it reads the whole holiday table). */
function defaultCalendar(): BusinessCalendar {
  chinaDefault ??= chinaCalendar();
  return chinaDefault;
}

function positiveInt(value: number | undefined, path: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError('report options', [
      { path: [path], message: `must be an integer ≥ ${min}`, code: 'too_small' },
    ]);
  }
  return value;
}

async function withCustomers(
  storage: StorageAdapter,
  dealerId: string,
  breaches: readonly BreachedComplaint[],
): Promise<BreachedComplaint[]> {
  if (breaches.length === 0) return [];
  return storage.transaction(async (tx) => {
    const out: BreachedComplaint[] = [];
    for (const b of breaches) {
      const record = await tx.get('customer', dealerId, b.customerId);
      const customer = record === undefined ? undefined : decodeRecord('customer', record);
      out.push({
        ...b,
        customerName: customer?.name ?? null,
        customerPhone: customer?.phones[0]?.number ?? null,
      });
    }
    return out;
  });
}

/**
 * Computes a dealer's report for a period through the storage read port: visits are read
 * once for follow-up and satisfaction, then complaints and opinion cases, each in pages of
 * `read.pageSize` rows, so memory stays flat however many rows there are.
 *
 * @example
 * ```ts
 * const report = await buildReport(storage, {
 *   dealerId: 'bj-haval-01',
 *   period: monthPeriod(2026, 3),
 *   rules: loadRulePack(SHIPPED_PACKS['great-wall']),
 * });
 * const html = renderHtml(report, { locale: 'zh-CN' });
 * ```
 */
export async function buildReport(
  storage: StorageAdapter,
  options: ReportOptions,
): Promise<DealerReport> {
  if (typeof options.dealerId !== 'string' || options.dealerId === '') {
    throw new ValidationError('report options', [
      { path: ['dealerId'], message: 'must be a non-empty string', code: 'required' },
    ]);
  }
  const weakItemCount = positiveInt(options.weakItemCount, 'weakItemCount', 1);
  const weakStaffMinResponses = positiveInt(
    options.weakStaffMinResponses,
    'weakStaffMinResponses',
    1,
  );
  const trendMonths = positiveInt(options.trendMonths, 'trendMonths', 1);
  const detailLimit = positiveInt(options.detailLimit, 'detailLimit', 0) ?? 50;
  const reworkWithinDays =
    positiveInt(options.reworkWithinDays, 'reworkWithinDays', 1) ?? DEFAULT_REWORK_WITHIN_DAYS;
  const sd = options.weakStaffStandardDeviations;
  if (sd !== undefined && !(Number.isFinite(sd) && sd >= 0)) {
    throw new ValidationError('report options', [
      { path: ['weakStaffStandardDeviations'], message: 'must be a number ≥ 0', code: 'range' },
    ]);
  }
  const calendar = options.calendar ?? defaultCalendar();
  const timeZone = options.timeZone ?? calendar.timeZone;
  const period = resolvePeriod(options.period, timeZone);
  const asOf = (options.asOf ?? new Date()).getTime();
  if (Number.isNaN(asOf)) {
    throw new ValidationError('report options', [
      { path: ['asOf'], message: 'must be a valid date', code: 'date' },
    ]);
  }
  const sections = new Set(options.sections ?? REPORT_SECTIONS);
  const { dealerId } = options;
  const read = options.read ?? {};

  const followUp = sections.has('followUp') ? new FollowUpMetrics(period, asOf) : undefined;
  const satisfaction = sections.has('satisfaction')
    ? new SatisfactionMetrics(period, {
        rules: options.rules,
        ...(weakItemCount !== undefined ? { weakItemCount } : {}),
        ...(sd !== undefined ? { weakStaffStandardDeviations: sd } : {}),
        ...(weakStaffMinResponses !== undefined ? { weakStaffMinResponses } : {}),
        ...(trendMonths !== undefined ? { trendMonths } : {}),
      })
    : undefined;
  const contact = followUp !== undefined ? new ContactMetrics() : undefined;
  const advisors = followUp !== undefined ? new ServiceAdvisorMetrics() : undefined;
  const outlets =
    followUp !== undefined || satisfaction !== undefined ? new OutletMetrics(period) : undefined;
  const rework = sections.has('rework')
    ? new ReworkMetrics(period, asOf, reworkWithinDays)
    : undefined;
  // Follow-up during warranty, counted only when a target of the pack reads it.
  const warranty = options.rules.pack.targets.some((t) => t.figure === 'warrantyFollowUpRate')
    ? new WarrantyFollowUpMetrics(period, options.rules.pack.warranty, calendar)
    : undefined;
  if (outlets !== undefined || rework !== undefined || warranty !== undefined) {
    // Rows taken as stored: their `dueAt` column is the visit's window.dueAt, already a number.
    // Validated rows: everything comes from the validated JSON.
    const columns = read.trustStorage ?? storage.trusted === true;
    for await (const { rows, aggregates } of readRecordPages(storage, 'visit', dealerId, read)) {
      await warranty?.loadVehicles(storage, dealerId, aggregates);
      for (let i = 0; i < aggregates.length; i++) {
        const v = visitAsOf(aggregates[i]!, asOf);
        if (v === undefined) continue;
        rework?.addVisit(v);
        if (outlets === undefined && warranty === undefined) continue;
        const due =
          (columns ? rows[i]!.dueAt : undefined) ??
          parseInstant(v.window.extendedDueAt ?? v.window.dueAt);
        warranty?.add(
          v,
          v.window.extendedDueAt !== undefined ? parseInstant(v.window.extendedDueAt) : due,
          asOf,
        );
        if (outlets === undefined) continue;
        followUp?.add(v, due);
        satisfaction?.add(v);
        outlets.add(v, due);
        if (due >= period.start && due < period.end) {
          contact?.add(v);
          advisors?.add(v, due);
        }
      }
    }
  }

  let complaints = null;
  let complaintBacklog = null;
  if (sections.has('complaints') || rework !== undefined) {
    const m = sections.has('complaints')
      ? new ComplaintMetrics(period, asOf, calendar, detailLimit)
      : undefined;
    const backlog =
      m !== undefined
        ? new ComplaintBacklogMetrics(period, asOf, {
            resolveWithin: options.rules.pack.complaints.resolveWithin,
            calendar,
          })
        : undefined;
    for await (const page of readPages(storage, 'complaint', dealerId, read)) {
      for (const c of page) {
        const then = complaintAsOf(c, asOf);
        if (then === undefined) continue;
        m?.add(then);
        backlog?.add(then);
        rework?.addComplaint(then);
      }
    }
    if (m !== undefined) {
      const r = m.result();
      complaints = { ...r, breaches: await withCustomers(storage, dealerId, r.breaches) };
    }
    complaintBacklog = backlog?.result() ?? null;
  }

  let opinionCases = null;
  if (sections.has('opinionCases')) {
    const m = new OpinionCaseMetrics(period);
    for await (const page of readPages(storage, 'opinionCase', dealerId, read)) {
      for (const o of page) {
        const then = opinionCaseAsOf(o, asOf);
        if (then !== undefined) m.add(then);
      }
    }
    opinionCases = m.result();
  }

  const followUpReport = followUp?.result() ?? null;
  const satisfactionReport = satisfaction?.result() ?? null;
  const advisorReport = advisors?.result() ?? null;
  const reworkReport = rework?.result() ?? null;
  const mentioned = new Set<string>([
    ...(followUpReport?.byAgent.map((a) => a.key) ?? []),
    ...(satisfactionReport?.byStaff.map((s) => s.staffId) ?? []),
    ...(advisorReport?.byAdvisor.map((a) => a.key) ?? []),
    ...(complaintBacklog?.openByOwner.map((o) => o.owner) ?? []),
  ]);
  const people: Record<string, string> = {};
  for (const [id, name] of Object.entries(options.people ?? {})) {
    if (mentioned.has(id)) people[id] = name;
  }

  return {
    schemaVersion: 1,
    dealerId,
    dealerName: options.dealerName ?? null,
    period: { from: period.from, to: period.to, timeZone },
    asOf: new Date(asOf).toISOString(),
    people,
    followUp: followUpReport,
    satisfaction: satisfactionReport,
    complaints,
    opinionCases,
    contact: contact?.result() ?? null,
    serviceAdvisors: advisorReport,
    outlets: outlets?.result() ?? null,
    complaintBacklog,
    rework: reworkReport,
    targets: targetResults(options.rules.pack.targets, followUpReport, satisfactionReport, {
      serviceAdvisors: advisorReport,
      rework: reworkReport,
      ...(warranty !== undefined
        ? { warrantyFollowUpRate: warranty.result().inWarranty.followUpRate }
        : {}),
    }),
  };
}
