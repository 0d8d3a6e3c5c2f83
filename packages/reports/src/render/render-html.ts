import { visibleReport } from '../masking/mask-report';
import { localDateTime } from '../period/time-zone';
import { type DealerReport, REPORT_SECTIONS, type ReportSection } from '../report/dealer-report';
import { formatCell } from './cell-format';
import { escapeHtml } from './html-escape';
import { labelOf, type ReportLabels, reportLabels } from './labels';
import type { RenderOptions } from './render-options';
import type { ReportTable } from './report-table';
import { reportTables } from './report-tables';
import { barChart, lineChart } from './svg-charts';

/** Options of {@link renderHtml}. */
export interface HtmlRenderOptions extends RenderOptions {
  /**
   * `document` (default): a whole HTML page. `fragment`: one `<div class="dc-report">` with
   * its own scoped `<style>`, to embed in a page of the host system.
   */
  readonly mode?: 'document' | 'fragment';
}

const STYLE = `
.dc-report{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;color:#222;font-size:13px;line-height:1.45;max-width:1100px}
.dc-report h1{font-size:20px;margin:0 0 4px}
.dc-report h2{font-size:16px;border-bottom:2px solid #1f5fa8;padding-bottom:3px;margin:22px 0 8px}
.dc-report h3{font-size:14px;margin:14px 0 4px}
.dc-report .meta{color:#555;margin:0 0 10px}
.dc-report .note{color:#555;font-size:12px;margin:2px 0 6px}
.dc-report table{border-collapse:collapse;margin:4px 0 12px;font-size:12px}
.dc-report th,.dc-report td{border:1px solid #ccc;padding:3px 6px}
.dc-report th{background:#e8eef7;text-align:left}
.dc-report td.num{text-align:right;font-variant-numeric:tabular-nums}
.dc-report .charts{display:flex;flex-wrap:wrap;gap:12px}
.dc-report figure{margin:4px 0}
.dc-report svg{max-width:100%;height:auto}
.dc-report .chart-title{font-size:13px;font-weight:bold}
.dc-report .chart-label,.dc-report .chart-value{font-size:11px}
.dc-report .empty{color:#888}
@media print{.dc-report{max-width:none;font-size:11px}.dc-report section,.dc-report figure,.dc-report table{break-inside:avoid}.dc-report h2{break-after:avoid}.dc-report th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{size:A4;margin:12mm}
`;

function tableHtml(t: ReportTable, timeZone: string, l: ReportLabels): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const body =
    t.rows.length === 0
      ? `<tr><td colspan="${t.columns.length}" class="empty">${escapeHtml(l.charts.noData)}</td></tr>`
      : t.rows
          .map(
            (r) =>
              `<tr>${r
                .map((v, i) => {
                  const c = t.columns[i]!;
                  const cls = c.format === 'text' || c.format === 'datetime' ? '' : ' class="num"';
                  return `<td${cls}>${escapeHtml(formatCell(v, c.format, timeZone))}</td>`;
                })
                .join('')}</tr>`,
          )
          .join('');
  return [
    `<h3>${escapeHtml(t.title)}</h3>`,
    t.note === null ? '' : `<p class="note">${escapeHtml(t.note)}</p>`,
    `<table data-table="${escapeHtml(t.id)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`,
  ].join('');
}

function figure(svg: string): string {
  return `<figure>${svg}</figure>`;
}

function followUpCharts(r: DealerReport, l: ReportLabels): string[] {
  const f = r.followUp;
  if (f === null) return [];
  const bars = [
    ...f.byType.map((g) => ({
      label: labelOf(l.visitTypes, g.key),
      value: g.followUpRate === null ? null : g.followUpRate * 100,
    })),
    { label: l.all, value: f.totals.followUpRate === null ? null : f.totals.followUpRate * 100 },
  ];
  return [
    figure(
      barChart('followUpRate', `${l.charts.followUp} (${l.target} 100%)`, bars, {
        max: 100,
        target: 100,
        unit: '%',
      }),
    ),
  ];
}

function satisfactionCharts(r: DealerReport, l: ReportLabels): string[] {
  const s = r.satisfaction;
  if (s === null) return [];
  const out: string[] = [];
  const surveys = [...new Set(s.trend.map((t) => t.surveyId))];
  const months = [...new Set(s.trend.map((t) => t.month))];
  const values = s.trend.flatMap((t) => (t.index === null ? [] : [t.index]));
  if (surveys.length > 0) {
    const low = values.length === 0 ? 0 : Math.max(0, Math.floor(Math.min(...values) / 10) * 10);
    out.push(
      figure(
        lineChart(
          'trend',
          l.charts.trend,
          months,
          surveys.map((id) => ({
            name: id,
            values: months.map(
              (m) => s.trend.find((t) => t.surveyId === id && t.month === m)?.index ?? null,
            ),
          })),
          { min: Math.min(low, 80), max: 100 },
        ),
      ),
    );
  }
  for (const survey of s.bySurvey) {
    const sections = s.sections.filter((x) => x.surveyId === survey.surveyId);
    if (sections.length > 0) {
      out.push(
        figure(
          barChart(
            `sections-${survey.surveyId}`,
            `${l.charts.sections} · ${survey.surveyId}`,
            sections.map((x) => ({ label: x.section, value: x.score })),
            { max: 100 },
          ),
        ),
      );
    }
  }
  if (s.weakItems.items.length > 0) {
    out.push(
      figure(
        barChart(
          'weakItems',
          l.charts.weakItems,
          s.weakItems.items.map((i) => ({
            label: `${i.surveyId} · ${i.text ?? i.itemId}`.slice(0, 34),
            value: i.score,
          })),
          { max: 100 },
        ),
      ),
    );
  }
  return out;
}

const SECTION_CHARTS: Record<ReportSection, (r: DealerReport, l: ReportLabels) => string[]> = {
  followUp: followUpCharts,
  satisfaction: satisfactionCharts,
  complaints: () => [],
  opinionCases: () => [],
  rework: () => [],
};

/**
 * A self-contained HTML report (no script, no external resource): headings, inline SVG charts
 * (follow-up rate against the 100 % target, satisfaction trend, section scores, weak items) and
 * every table, styled to print on A4. Dates are in the dealer's time zone. Personal data is
 * masked unless `showPersonalData` is set.
 */
export function renderHtml(report: DealerReport, options: HtmlRenderOptions = {}): string {
  const l = reportLabels(options.locale);
  const visible = visibleReport(report, options);
  const tz = report.period.timeZone;
  const tables = reportTables(visible, l);
  const sections = REPORT_SECTIONS.filter((s) => visible[s] !== null);
  const body = sections
    .map((s) => {
      const charts = SECTION_CHARTS[s](visible, l);
      return [
        `<section data-section="${s}">`,
        `<h2>${escapeHtml(l.sections[s])}</h2>`,
        charts.length > 0 ? `<div class="charts">${charts.join('')}</div>` : '',
        tables
          .filter((t) => t.section === s)
          .map((t) => tableHtml(t, tz, l))
          .join(''),
        '</section>',
      ].join('');
    })
    .join('');
  const title = `${l.reportTitle} · ${visible.dealerName ?? visible.dealerId}`;
  const meta = `${l.period}: ${visible.period.from} – ${visible.period.to} · ${l.asOf}: ${localDateTime(Date.parse(visible.asOf), tz)} · ${l.timeZone}: ${tz}`;
  const div = `<div class="dc-report" lang="${options.locale ?? 'zh-CN'}"><style>${STYLE}</style><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta)}</p>${body}</div>`;
  if (options.mode === 'fragment') return div;
  return `<!DOCTYPE html><html lang="${options.locale ?? 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body>${div}</body></html>`;
}
