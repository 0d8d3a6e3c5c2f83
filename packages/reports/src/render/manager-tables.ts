import type { ServiceAdvisorFigures } from '../follow-up/service-advisor-metrics';
import type { DealerReport } from '../report/dealer-report';
import { labelOf, type ReportLabels } from './labels';
import type { ColumnFormat, ReportCell, ReportColumn, ReportTable } from './report-table';

type Spec = readonly (readonly [key: string, format: ColumnFormat])[];

function columns(labels: ReportLabels, spec: Spec): ReportColumn[] {
  return spec.map(([key, format]) => ({ key, format, label: labelOf(labels.columns, key) }));
}

/** `王* (sa-1)` when a name is known, else the id. */
function person(report: DealerReport, id: string): string {
  const name = report.people[id];
  return name === undefined ? id : `${name} (${id})`;
}

/** Contact rate by visit type and in total (follow-up section). */
export function contactTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const c = report.contact;
  if (c === null) return [];
  const cells = (x: { attempted: number; reached: number; contactRate: number | null }) => [
    x.attempted,
    x.reached,
    x.contactRate,
  ];
  return [
    {
      id: 'contactRate',
      section: 'followUp',
      title: labelOf(l.tables, 'contactRate'),
      note: labelOf(l.tables, 'contactRateNote'),
      columns: columns(l, [
        ['visitType', 'text'],
        ['attempted', 'integer'],
        ['reached', 'integer'],
        ['contactRate', 'percent'],
      ]),
      rows: [
        ...c.byType.map((g) => [labelOf(l.visitTypes, g.key), ...cells(g)]),
        [l.all, ...cells(c.totals)],
      ],
    },
  ];
}

const ADVISOR: Spec = [
  ['owed', 'integer'],
  ['made', 'integer'],
  ['onTime', 'integer'],
  ['attempted', 'integer'],
  ['reached', 'integer'],
  ['contactRate', 'percent'],
  ['followUpRate', 'percent'],
  ['satisfactionAnswered', 'integer'],
  ['satisfied', 'integer'],
  ['serviceSatisfiedRate', 'percent'],
  ['surveyIndex', 'score'],
];

function advisorCells(x: Omit<ServiceAdvisorFigures, 'key'>): ReportCell[] {
  return [
    x.owed,
    x.made,
    x.onTime,
    x.attempted,
    x.reached,
    x.contactRate,
    x.followUpRate,
    x.satisfactionAnswered,
    x.satisfied,
    x.satisfiedRate,
    x.surveyIndex,
  ];
}

/** Follow-up figures per service advisor, with the dealer's service total (follow-up section). */
export function serviceAdvisorTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const s = report.serviceAdvisors;
  if (s === null) return [];
  return [
    {
      id: 'serviceAdvisors',
      section: 'followUp',
      title: labelOf(l.tables, 'serviceAdvisors'),
      note: null,
      columns: columns(l, [['advisor', 'text'], ...ADVISOR]),
      rows: [
        ...s.byAdvisor.map((a) => [person(report, a.key), ...advisorCells(a)]),
        [l.all, ...advisorCells(s.totals)],
      ],
    },
  ];
}

/** Follow-up and survey results per secondary outlet (satisfaction section). */
export function outletTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const o = report.outlets;
  if (o === null) return [];
  return [
    {
      id: 'outlets',
      section: 'satisfaction',
      title: labelOf(l.tables, 'outlets'),
      note: null,
      columns: columns(l, [
        ['outlet', 'text'],
        ['owed', 'integer'],
        ['made', 'integer'],
        ['onTime', 'integer'],
        ['followUpRate', 'percent'],
      ]),
      rows: o.byOutlet.map((x) => [x.key, x.owed, x.made, x.onTime, x.followUpRate]),
    },
    {
      id: 'outletSurveys',
      section: 'satisfaction',
      title: labelOf(l.tables, 'outletSurveys'),
      note: null,
      columns: columns(l, [
        ['outlet', 'text'],
        ['survey', 'text'],
        ['responses', 'integer'],
        ['index', 'score'],
        ['processCompliance', 'score'],
        ['recommendationRate', 'percent'],
      ]),
      rows: o.byOutlet.flatMap((x) =>
        x.surveys.map((s) => [
          x.key,
          s.surveyId,
          s.responses,
          s.index,
          s.processCompliance,
          s.recommendationRate,
        ]),
      ),
    },
  ];
}

/** The complaint backlog at `asOf` (complaints section). */
export function backlogTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const b = report.complaintBacklog;
  if (b === null) return [];
  const summary: [string, number][] = [
    ['open', b.open],
    ['openPastDeadline', b.openPastDeadline],
    ['resolvedOnly', b.resolvedOnly],
    ['resolvedOnlyCheckOverdue', b.resolvedOnlyCheckOverdue],
    ['periodReceived', b.period.received],
    ['periodOpen', b.period.open],
    ['periodResolvedOnly', b.period.resolvedOnly],
    ['periodClosed', b.period.closed],
  ];
  return [
    {
      id: 'complaintBacklog',
      section: 'complaints',
      title: labelOf(l.tables, 'complaintBacklog'),
      note: labelOf(l.tables, 'complaintBacklogNote'),
      columns: columns(
        l,
        summary.map(([key]) => [key, 'integer'] as const),
      ),
      rows: [summary.map(([, v]) => v)],
    },
    {
      id: 'complaintBacklogByOwner',
      section: 'complaints',
      title: labelOf(l.tables, 'complaintBacklogByOwner'),
      note: null,
      columns: columns(l, [
        ['role', 'text'],
        ['owner', 'text'],
        ['open', 'integer'],
        ['pastDeadline', 'integer'],
      ]),
      rows: b.openByOwner.map((o) => [o.role, person(report, o.owner), o.open, o.pastDeadline]),
    },
    {
      id: 'complaintBacklogByState',
      section: 'complaints',
      title: labelOf(l.tables, 'complaintBacklogByState'),
      note: null,
      columns: columns(l, [
        ['state', 'text'],
        ['open', 'integer'],
      ]),
      rows: b.openByState.map((k) => [labelOf(l.states, k.key), k.count]),
    },
  ];
}

/** Rework (repeat repair) rate (rework section). */
export function reworkTables(report: DealerReport, l: ReportLabels): ReportTable[] {
  const r = report.rework;
  if (r === null) return [];
  return [
    {
      id: 'reworkSummary',
      section: 'rework',
      title: labelOf(l.tables, 'reworkSummary'),
      note: labelOf(l.tables, 'reworkNote').replace('{days}', String(r.withinDays)),
      columns: columns(l, [
        ['withinDays', 'integer'],
        ['repairs', 'integer'],
        ['reworked', 'integer'],
        ['byRepeatRepair', 'integer'],
        ['byComplaint', 'integer'],
        ['reworkRate', 'percent'],
        ['stillWatched', 'integer'],
      ]),
      rows: [
        [
          r.withinDays,
          r.repairs,
          r.reworked,
          r.byRepeatRepair,
          r.byComplaint,
          r.reworkRate,
          r.stillWatched,
        ],
      ],
    },
    {
      id: 'reworkByKind',
      section: 'rework',
      title: labelOf(l.tables, 'reworkByKind'),
      note: null,
      columns: columns(l, [
        ['repairKind', 'text'],
        ['repairs', 'integer'],
        ['reworked', 'integer'],
        ['reworkRate', 'percent'],
      ]),
      rows: r.byKind.map((k) => [
        labelOf(l.repairKinds, k.key),
        k.repairs,
        k.reworked,
        k.reworkRate,
      ]),
    },
  ];
}
