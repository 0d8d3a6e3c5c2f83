import type { ComplaintReport } from '../complaints/complaint-metrics';
import type { FollowUpReport } from '../follow-up/follow-up-metrics';
import type { OpinionCaseReport } from '../opinion-cases/opinion-case-metrics';
import type { SatisfactionReport } from '../satisfaction/satisfaction-types';
import type { TargetResult } from '../targets/kpi-targets';

/** The sections a report can hold. */
export type ReportSection = 'followUp' | 'satisfaction' | 'complaints' | 'opinionCases';

/** Every section, in report order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  'followUp',
  'satisfaction',
  'complaints',
  'opinionCases',
];

/**
 * A dealer's report for a period: plain JSON data, stable in shape (`schemaVersion`). A
 * section not asked for is `null`. Personal data (customer names and phones, staff names) is
 * held as read; renderers mask it unless told otherwise.
 */
export interface DealerReport {
  /** Bumped on any incompatible change of this shape. */
  readonly schemaVersion: 1;
  readonly dealerId: string;
  readonly dealerName: string | null;
  /** The period (local dates, inclusive) and the time zone dates are shown in. */
  readonly period: { readonly from: string; readonly to: string; readonly timeZone: string };
  /** The instant figures are "as of" (overdue, SLA breaches), ISO. */
  readonly asOf: string;
  /** Display names of staff and agents by id, for the ids the report mentions. */
  readonly people: Readonly<Record<string, string>>;
  readonly followUp: FollowUpReport | null;
  readonly satisfaction: SatisfactionReport | null;
  readonly complaints: ComplaintReport | null;
  readonly opinionCases: OpinionCaseReport | null;
  /** The rule pack's KPI targets next to their figures, met or not (`targets` of the pack). */
  readonly targets: readonly TargetResult[];
}
