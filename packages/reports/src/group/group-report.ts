import { type StorageAdapter, ValidationError } from '@dealercare/core';
import { visibleReport } from '../masking/mask-report';
import type { ReportTable } from '../render/report-table';
import { buildReport, type ReportOptions } from '../report/build-report';
import type { DealerReport } from '../report/dealer-report';

/** One dealer of a group: its id and name, and the pack (and calendar) it runs under. */
export type GroupDealer = Pick<ReportOptions, 'dealerId' | 'dealerName' | 'rules' | 'calendar'>;

/** Options of {@link buildGroupReport}: what every dealer's report shares, and the dealers. */
export interface GroupReportOptions
  extends Omit<ReportOptions, 'dealerId' | 'dealerName' | 'rules' | 'calendar'> {
  /** The group (a tenant of the DMS: `Dealer.tenantId`). */
  readonly tenantId: string;
  readonly groupName?: string;
  /** The group's dealers, in the order the report shows them (at least one, each once). */
  readonly dealers: readonly GroupDealer[];
}

/** A dealer group's report: each dealer's report, and the figures side by side. */
export interface GroupReport {
  readonly schemaVersion: 1;
  readonly tenantId: string;
  readonly groupName: string | null;
  readonly period: DealerReport['period'];
  readonly asOf: string;
  /** Each dealer's full report, in the order of `dealers`. */
  readonly dealers: readonly DealerReport[];
}

/**
 * Builds the report of every dealer of a group (a dealer at a time, each under its own pack and
 * calendar) for one period and one "as of" instant, so the head office compares them side by
 * side ({@link groupTable}). Personal data is held as read, as in a dealer's report:
 * {@link visibleGroupReport} masks it the same way before it is shown.
 */
export async function buildGroupReport(
  storage: StorageAdapter,
  options: GroupReportOptions,
): Promise<GroupReport> {
  const { tenantId, groupName, dealers, ...shared } = options;
  const issues = [];
  if (typeof tenantId !== 'string' || tenantId === '') {
    issues.push({ path: ['tenantId'], message: 'must be a non-empty string', code: 'required' });
  }
  if (!Array.isArray(dealers) || dealers.length === 0) {
    issues.push({ path: ['dealers'], message: 'must list at least one dealer', code: 'required' });
  } else {
    const seen = new Set<string>();
    dealers.forEach((d, i) => {
      if (seen.has(d.dealerId)) {
        issues.push({
          path: ['dealers', i, 'dealerId'],
          message: `dealer "${d.dealerId}" is listed twice`,
          code: 'duplicate',
        });
      }
      seen.add(d.dealerId);
    });
  }
  if (issues.length > 0) throw new ValidationError('group report options', issues);
  // One "as of" for every dealer, even when the caller leaves it to the clock.
  const asOf = shared.asOf ?? new Date();
  const reports: DealerReport[] = [];
  for (const dealer of dealers) {
    reports.push(await buildReport(storage, { ...shared, ...dealer, asOf }));
  }
  return {
    schemaVersion: 1,
    tenantId,
    groupName: groupName ?? null,
    period: reports[0]!.period,
    asOf: reports[0]!.asOf,
    dealers: reports,
  };
}

/** The group report with personal data masked unless `showPersonalData` (as for a dealer's). */
export function visibleGroupReport(
  report: GroupReport,
  option: { readonly showPersonalData?: boolean } = {},
): GroupReport {
  return { ...report, dealers: report.dealers.map((d) => visibleReport(d, option)) };
}

/** The survey index of a dealer's report for one survey, `null` when it has no responses. */
function indexOf(report: DealerReport, surveyId: string): number | null {
  return report.satisfaction?.bySurvey.find((s) => s.surveyId === surveyId)?.index ?? null;
}

/**
 * The group's figures side by side, a row per dealer: visits due, follow-up rate, overdue, each
 * survey's index (the surveys any dealer has responses for), complaints, SLA breach rate, open
 * opinion cases. Renders with the same table renderers (CSV, Excel, HTML) as a dealer's.
 */
export function groupTable(report: GroupReport): ReportTable {
  const surveys = [
    ...new Set(
      report.dealers.flatMap((d) => d.satisfaction?.bySurvey.map((s) => s.surveyId) ?? []),
    ),
  ].sort();
  return {
    id: 'groupSideBySide',
    section: 'followUp',
    title: `${report.groupName ?? report.tenantId}: ${report.period.from} – ${report.period.to}`,
    note: null,
    columns: [
      { key: 'dealer', label: 'dealer', format: 'text' },
      { key: 'due', label: 'visits due', format: 'integer' },
      { key: 'followUpRate', label: 'follow-up rate', format: 'percent' },
      { key: 'overdue', label: 'overdue', format: 'integer' },
      ...surveys.map((id) => ({
        key: `index:${id}`,
        label: `${id} index`,
        format: 'score' as const,
      })),
      { key: 'complaints', label: 'complaints', format: 'integer' },
      { key: 'slaBreachRate', label: 'SLA breach rate', format: 'percent' },
      { key: 'opinionCases', label: 'opinion cases', format: 'integer' },
    ],
    rows: report.dealers.map((d) => [
      d.dealerName ?? d.dealerId,
      d.followUp?.totals.due ?? null,
      d.followUp?.totals.followUpRate ?? null,
      d.followUp?.totals.overdue ?? null,
      ...surveys.map((id) => indexOf(d, id)),
      d.complaints?.total ?? null,
      d.complaints?.slaBreachRate ?? null,
      d.opinionCases?.total ?? null,
    ]),
  };
}
