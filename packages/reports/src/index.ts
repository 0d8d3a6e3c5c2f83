/**
 * `@dealercare/reports`: follow-up, contact, satisfaction (SSI/CSI), complaint backlog,
 * opinion-case and rework reports over any dealercare storage adapter, rendered as JSON, CSV, Excel or HTML with
 * personal data masked by default.
 *
 * @packageDocumentation
 */
export {
  type BacklogDeadlines,
  type BacklogOwner,
  type ComplaintBacklog,
  ComplaintBacklogMetrics,
  deadlineAsOf,
  isOpenComplaint,
  NO_OWNER,
  type PeriodComplaintStanding,
  pastDeadlineAt,
} from './complaints/complaint-backlog';
export {
  type BreachedComplaint,
  ComplaintMetrics,
  type ComplaintReport,
  type KeyCount,
  slaOutcome,
  UNCATEGORISED,
} from './complaints/complaint-metrics';
export {
  type ContactCounts,
  ContactMetrics,
  type ContactReport,
  ContactTally,
  customerReached,
  REACHED_OUTCOMES,
} from './follow-up/contact-rate';
export {
  completedAt,
  type FollowUpCounts,
  FollowUpTally,
  type VisitInstants,
} from './follow-up/follow-up-counts';
export {
  agentOf,
  type FollowUpGroup,
  FollowUpMetrics,
  type FollowUpReport,
  UNASSIGNED,
} from './follow-up/follow-up-metrics';
export {
  NO_ADVISOR,
  type ServiceAdvisorFigures,
  ServiceAdvisorMetrics,
  type ServiceAdvisorReport,
} from './follow-up/service-advisor-metrics';
export {
  buildGroupReport,
  type GroupDealer,
  type GroupReport,
  type GroupReportOptions,
  groupTable,
  visibleGroupReport,
} from './group/group-report';
export { maskName, maskPhone } from './masking/mask';
export { maskReport, type PersonalDataOption, visibleReport } from './masking/mask-report';
export { OpinionCaseMetrics, type OpinionCaseReport } from './opinion-cases/opinion-case-metrics';
export {
  type OutletFigures,
  OutletMetrics,
  type OutletReport,
  type OutletSurveyResult,
} from './outlets/outlet-metrics';
export {
  type PackVersionFigures,
  type PackVersionReportOptions,
  reportByPackVersion,
  UNVERSIONED,
} from './pack-versions/pack-version-metrics';
export {
  monthPeriod,
  nextDate,
  type ReportPeriod,
  type ResolvedPeriod,
  resolvePeriod,
} from './period/report-period';
export {
  type ReadOptions,
  type RecordPage,
  type ReportKind,
  readAggregates,
  readPages,
  readRecordPages,
} from './reading/read-aggregates';
export { formatCell } from './render/cell-format';
export { labelOf, type ReportLabels, type ReportLocale, reportLabels } from './render/labels';
export { type CsvFile, csvField, renderCsv, renderCsvFiles, UTF8_BOM } from './render/render-csv';
export { type HtmlRenderOptions, renderHtml } from './render/render-html';
export { type JsonRenderOptions, renderJson, reportJson } from './render/render-json';
export type { RenderOptions } from './render/render-options';
export { renderXlsx } from './render/render-xlsx';
export type { ColumnFormat, ReportCell, ReportColumn, ReportTable } from './render/report-table';
export { reportTables } from './render/report-tables';
export { buildReport, type ReportOptions } from './report/build-report';
export { type DealerReport, REPORT_SECTIONS, type ReportSection } from './report/dealer-report';
export {
  DEFAULT_REWORK_WITHIN_DAYS,
  type ReworkGroup,
  ReworkMetrics,
  type ReworkReport,
  UNKNOWN_REPAIR_KIND,
} from './rework/rework-metrics';
export {
  type ChoiceCount,
  type ChoiceCountOptions,
  type ChoiceCounts,
  choiceCounts,
  countChoices,
} from './satisfaction/choice-counts';
export {
  NO_STAFF,
  SatisfactionMetrics,
  type SatisfactionOptions,
} from './satisfaction/satisfaction-metrics';
export type {
  ItemScore,
  SatisfactionReport,
  SectionScore,
  StaffSatisfaction,
  SurveySummary,
  TrendPoint,
  WeakItemRule,
  WeakStaffRule,
} from './satisfaction/satisfaction-types';
export { RunningMean, ratio } from './statistics/running-mean';
export { type TargetFigures, type TargetResult, targetResults } from './targets/kpi-targets';
export {
  WarrantyFollowUpMetrics,
  type WarrantyFollowUpOptions,
  type WarrantyFollowUpReport,
  warrantyFollowUp,
} from './warranty/warranty-follow-up';
