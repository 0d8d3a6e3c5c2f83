import type { ComplaintBacklog } from '../complaints/complaint-backlog';
import type { ComplaintReport } from '../complaints/complaint-metrics';
import type { ContactReport } from '../follow-up/contact-rate';
import type { FollowUpReport } from '../follow-up/follow-up-metrics';
import type { ServiceAdvisorReport } from '../follow-up/service-advisor-metrics';
import type { OpinionCaseReport } from '../opinion-cases/opinion-case-metrics';
import type { OutletReport } from '../outlets/outlet-metrics';
import type { ReworkReport } from '../rework/rework-metrics';
import type { SatisfactionReport } from '../satisfaction/satisfaction-types';
import type { TargetResult } from '../targets/kpi-targets';

/** The sections a report can hold. */
export type ReportSection = 'followUp' | 'satisfaction' | 'complaints' | 'opinionCases' | 'rework';

/** Every section, in report order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  'followUp',
  'satisfaction',
  'complaints',
  'opinionCases',
  'rework',
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
  /** Contact rate (接通率) of the visits owed in the period (with the `followUp` section). */
  readonly contact: ContactReport | null;
  /** Follow-up figures per service advisor, and service satisfaction (with `followUp`). */
  readonly serviceAdvisors: ServiceAdvisorReport | null;
  /** Results per secondary outlet (with `followUp` or `satisfaction`). */
  readonly outlets: OutletReport | null;
  /** The complaint backlog at `asOf`: open by state and owner, past deadline, closed vs only resolved (with `complaints`). */
  readonly complaintBacklog: ComplaintBacklog | null;
  /** Rework (repeat repair) rate of the repairs settled in the period (section `rework`). */
  readonly rework: ReworkReport | null;
  /** The rule pack's KPI targets next to their figures, met or not (`targets` of the pack). */
  readonly targets: readonly TargetResult[];
}
