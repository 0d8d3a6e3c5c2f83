import type { FollowUpCounts } from '../follow-up/follow-up-counts';
import type { DealerReport } from '../report/dealer-report';
import type { StaffSatisfaction } from '../satisfaction/satisfaction-types';
import { labelOf, type ReportLabels } from './labels';
import {
  backlogTables,
  contactTables,
  outletTables,
  reworkTables,
  serviceAdvisorTables,
} from './manager-tables';
import type { ColumnFormat, ReportCell, ReportColumn, ReportTable } from './report-table';

type Spec = readonly (readonly [key: string, format: ColumnFormat])[];

function columns(labels: ReportLabels, spec: Spec): ReportColumn[] {
  return spec.map(([key, format]) => ({ key, format, label: labelOf(labels.columns, key) }));
}

const FOLLOW_UP: Spec = [
  ['total', 'integer'],
  ['doNotVisit', 'integer'],
  ['due', 'integer'],
  ['done', 'integer'],
  ['onTime', 'integer'],
  ['late', 'integer'],
  ['overdue', 'integer'],
  ['pending', 'integer'],
  ['unreachable', 'integer'],
  ['cancelled', 'integer'],
  ['attempts', 'integer'],
  ['followUpRate', 'percent'],
  ['onTimeRate', 'percent'],
  ['attemptsPerVisit', 'decimal'],
];

function followUpCells(c: FollowUpCounts): ReportCell[] {
  return FOLLOW_UP.map(([key]) => c[key as keyof FollowUpCounts]);
}

/** The pack's KPI targets next to their figures (none: no table). */
function targetTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const targets = report.targets;
  if (targets.length === 0) return [];
  const percent = (figure: string) => figure !== 'surveyIndex';
  const shown = (figure: string, v: number | null) =>
    v === null ? null : percent(figure) ? `${(v * 100).toFixed(1)}%` : v.toFixed(1);
  return [
    {
      id: 'targets',
      section: 'followUp',
      title: labelOf(l.tables, 'targets'),
      note: null,
      columns: columns(l, [
        ['target', 'text'],
        ['goal', 'text'],
        ['actual', 'text'],
        ['met', 'text'],
      ]),
      rows: targets.map((t) => [
        `${labelOf(l.columns, t.figure)}${t.survey !== null ? ` (${t.survey})` : ''}`,
        `${labelOf(l.columns, t.comparison)} ${shown(t.figure, t.target)}${t.period === 'year' ? ` / ${labelOf(l.columns, 'year')}` : ''}`,
        shown(t.figure, t.value),
        t.met === null ? null : labelOf(l.columns, t.met ? 'metYes' : 'metNo'),
      ]),
    },
  ];
}

/** `王* (agent-1)` when a name is known, else the id. */
function person(report: DealerReport, id: string): string {
  const name = report.people[id];
  return name === undefined ? id : `${name} (${id})`;
}

function followUpTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const f = report.followUp;
  if (f === null) return [];
  return [
    {
      id: 'followUpByType',
      section: 'followUp',
      title: l.tables.followUpByType!,
      note: null,
      columns: columns(l, [['visitType', 'text'], ...FOLLOW_UP]),
      rows: [
        ...f.byType.map((g) => [labelOf(l.visitTypes, g.key), ...followUpCells(g)]),
        [l.all, ...followUpCells(f.totals)],
      ],
    },
    {
      id: 'followUpByAgent',
      section: 'followUp',
      title: l.tables.followUpByAgent!,
      note: null,
      columns: columns(l, [['agent', 'text'], ...FOLLOW_UP]),
      rows: f.byAgent.map((g) => [person(report, g.key), ...followUpCells(g)]),
    },
  ];
}

function staffRow(report: DealerReport, l: ReportLabels, s: StaffSatisfaction): ReportCell[] {
  return [
    s.surveyId,
    person(report, s.staffId),
    s.responses,
    s.index,
    s.processCompliance,
    s.recommendationRate,
    s.weak ? l.yes : l.no,
  ];
}

const STAFF: Spec = [
  ['survey', 'text'],
  ['staff', 'text'],
  ['responses', 'integer'],
  ['index', 'score'],
  ['processCompliance', 'score'],
  ['recommendationRate', 'percent'],
  ['weak', 'text'],
];

function satisfactionTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const s = report.satisfaction;
  if (s === null) return [];
  const itemText = (t: string | null) => t ?? '';
  return [
    {
      id: 'satisfactionBySurvey',
      section: 'satisfaction',
      title: l.tables.satisfactionBySurvey!,
      note: null,
      columns: columns(l, [
        ['survey', 'text'],
        ['surveyName', 'text'],
        ['responses', 'integer'],
        ['index', 'score'],
        ['indexStandardDeviation', 'score'],
        ['processCompliance', 'score'],
        ['recommendationRate', 'percent'],
        ['responsesWithLowItems', 'integer'],
      ]),
      rows: s.bySurvey.map((b) => [
        b.surveyId,
        b.surveyName,
        b.responses,
        b.index,
        b.indexStandardDeviation,
        b.processCompliance,
        b.recommendationRate,
        b.responsesWithLowItems,
      ]),
    },
    {
      id: 'satisfactionByStaff',
      section: 'satisfaction',
      title: l.tables.satisfactionByStaff!,
      note: null,
      columns: columns(l, STAFF),
      rows: s.byStaff.map((b) => staffRow(report, l, b)),
    },
    {
      id: 'trend',
      section: 'satisfaction',
      title: l.tables.trend!,
      note: null,
      columns: columns(l, [
        ['survey', 'text'],
        ['month', 'text'],
        ['responses', 'integer'],
        ['index', 'score'],
        ['change', 'score'],
      ]),
      rows: s.trend.map((t) => [t.surveyId, t.month, t.responses, t.index, t.change]),
    },
    {
      id: 'sections',
      section: 'satisfaction',
      title: l.tables.sections!,
      note: null,
      columns: columns(l, [
        ['survey', 'text'],
        ['section', 'text'],
        ['answered', 'integer'],
        ['score', 'score'],
      ]),
      rows: s.sections.map((x) => [x.surveyId, x.section, x.answered, x.score]),
    },
    {
      id: 'items',
      section: 'satisfaction',
      title: l.tables.items!,
      note: null,
      columns: columns(l, [
        ['survey', 'text'],
        ['item', 'text'],
        ['section', 'text'],
        ['text', 'text'],
        ['answered', 'integer'],
        ['score', 'score'],
        ['lowAnswers', 'integer'],
      ]),
      rows: s.items.map((i) => [
        i.surveyId,
        i.itemId,
        i.section,
        itemText(i.text),
        i.answered,
        i.score,
        i.lowAnswers,
      ]),
    },
    {
      id: 'weakItems',
      section: 'satisfaction',
      title: l.tables.weakItems!,
      note: l.weakItemRule(s.weakItems.rule.count),
      columns: columns(l, [
        ['rank', 'integer'],
        ['survey', 'text'],
        ['item', 'text'],
        ['text', 'text'],
        ['answered', 'integer'],
        ['score', 'score'],
        ['lowAnswers', 'integer'],
      ]),
      rows: s.weakItems.items.map((i, n) => [
        s.weakItems.items.slice(0, n).filter((x) => x.surveyId === i.surveyId).length + 1,
        i.surveyId,
        i.itemId,
        itemText(i.text),
        i.answered,
        i.score,
        i.lowAnswers,
      ]),
    },
    {
      id: 'weakStaff',
      section: 'satisfaction',
      title: l.tables.weakStaff!,
      note: l.weakStaffRule(s.weakStaff.rule.standardDeviations, s.weakStaff.rule.minResponses),
      columns: columns(l, STAFF),
      rows: s.weakStaff.staff.map((b) => staffRow(report, l, b)),
    },
  ];
}

function complaintTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const c = report.complaints;
  if (c === null) return [];
  const summary: [string, ColumnFormat, number | null][] = [
    ['total', 'integer', c.total],
    ['resolved', 'integer', c.resolved],
    ['slaBreached', 'integer', c.slaBreached],
    ['slaBreachRate', 'percent', c.slaBreachRate],
    ['escalations', 'integer', c.escalations],
    ['escalated', 'integer', c.escalated],
    ['reopened', 'integer', c.reopened],
    ['reopenRate', 'percent', c.reopenRate],
    ['meanResolutionWorkingHours', 'decimal', c.meanResolutionWorkingHours],
    ['maxResolutionWorkingHours', 'decimal', c.maxResolutionWorkingHours],
  ];
  return [
    {
      id: 'complaintSummary',
      section: 'complaints',
      title: l.tables.complaintSummary!,
      note: null,
      columns: columns(
        l,
        summary.map(([key, format]) => [key, format] as const),
      ),
      rows: [summary.map(([, , value]) => value)],
    },
    {
      id: 'complaintCounts',
      section: 'complaints',
      title: l.tables.complaintCounts!,
      note: null,
      columns: columns(l, [
        ['dimension', 'text'],
        ['key', 'text'],
        ['count', 'integer'],
      ]),
      rows: [
        ...c.bySource.map((k) => [l.columns.source!, labelOf(l.sources, k.key), k.count]),
        ...c.byCategory.map((k) => [l.columns.category!, labelOf(l.categories, k.key), k.count]),
        ...c.byTier.map((k) => [l.columns.tier!, k.key, k.count]),
      ],
    },
    {
      id: 'complaintBreaches',
      section: 'complaints',
      title: l.tables.complaintBreaches!,
      note: null,
      columns: columns(l, [
        ['complaint', 'text'],
        ['customer', 'text'],
        ['phone', 'text'],
        ['category', 'text'],
        ['tier', 'integer'],
        ['state', 'text'],
        ['dueAt', 'datetime'],
        ['resolvedAt', 'datetime'],
      ]),
      rows: c.breaches.map((b) => [
        b.complaintId,
        b.customerName ?? b.customerId,
        b.customerPhone,
        labelOf(l.categories, b.category),
        b.tier,
        labelOf(l.states, b.state),
        b.dueAt,
        b.resolvedAt,
      ]),
    },
  ];
}

function opinionTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const o = report.opinionCases;
  if (o === null) return [];
  return [
    {
      id: 'opinionSummary',
      section: 'opinionCases',
      title: l.tables.opinionSummary!,
      note: null,
      columns: columns(l, [
        ['total', 'integer'],
        ['handledLate', 'integer'],
        ['returnedLate', 'integer'],
        ['secondFollowUps', 'integer'],
        ['satisfiedRate', 'percent'],
      ]),
      rows: [[o.total, o.handledLate, o.returnedLate, o.secondFollowUps, o.satisfiedRate]],
    },
    {
      id: 'opinionCounts',
      section: 'opinionCases',
      title: l.tables.opinionCounts!,
      note: null,
      columns: columns(l, [
        ['dimension', 'text'],
        ['key', 'text'],
        ['count', 'integer'],
      ]),
      rows: [
        ...o.byState.map((k) => [l.columns.state!, labelOf(l.states, k.key), k.count]),
        ...o.byDepartment.map((k) => [l.columns.department!, k.key, k.count]),
      ],
    },
  ];
}

/**
 * The report as tables in one language: the common form of the CSV, Excel and HTML
 * renderers. Pass a report that is already masked (see `maskReport`) unless personal data
 * may be shown.
 */
export function reportTables(report: DealerReport, labels: ReportLabels): ReportTable[] {
  return [
    ...targetTables(report, labels),
    ...followUpTables(report, labels),
    ...contactTables(report, labels),
    ...serviceAdvisorTables(report, labels),
    ...satisfactionTables(report, labels),
    ...outletTables(report, labels),
    ...complaintTables(report, labels),
    ...backlogTables(report, labels),
    ...opinionTables(report, labels),
    ...reworkTables(report, labels),
  ];
}
