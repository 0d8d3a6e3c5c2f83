import ExcelJS from 'exceljs';
import { visibleReport } from '../masking/mask-report';
import { localDateTime } from '../period/time-zone';
import type { DealerReport } from '../report/dealer-report';
import { reportLabels } from './labels';
import type { RenderOptions } from './render-options';
import type { ColumnFormat, ReportCell } from './report-table';
import { reportTables } from './report-tables';

const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: undefined,
  integer: '0',
  percent: '0.0%',
  score: '0.0',
  decimal: '0.00',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 27)}~${n}`;
  used.add(name.toLowerCase());
  return name;
}

/** An instant as the dealer's wall-clock time (Excel dates carry no time zone). */
function excelDate(iso: string, timeZone: string): Date | string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(`${localDateTime(t, timeZone).replace(' ', 'T')}:00Z`);
}

function excelCell(value: ReportCell, format: ColumnFormat, timeZone: string) {
  if (value === null) return null;
  if (format === 'datetime' && typeof value === 'string') return excelDate(value, timeZone);
  return value;
}

/**
 * The report as an Excel workbook (.xlsx bytes): an overview sheet, then one sheet per table
 * with a bold, frozen header row, number formats (counts, percentages, scores, local
 * date-times) and sized columns; a table's rule note is on its first header cell and on the
 * overview. Personal data is masked unless `showPersonalData` is set.
 */
export async function renderXlsx(
  report: DealerReport,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const labels = reportLabels(options.locale);
  const visible = visibleReport(report, options);
  const tz = report.period.timeZone;
  const wb = new ExcelJS.Workbook();
  wb.creator = '@dealercare/reports';
  wb.created = new Date(report.asOf);
  const used = new Set<string>();
  const tables = reportTables(visible, labels);

  const overview = wb.addWorksheet(sheetName(labels.reportTitle, used), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  overview.columns = [
    { header: labels.columns.metric!, width: 28 },
    { header: labels.columns.value!, width: 90 },
  ];
  overview.getRow(1).font = { bold: true };
  overview.addRow([labels.dealer, report.dealerName ?? report.dealerId]);
  overview.addRow([labels.period, `${report.period.from} – ${report.period.to}`]);
  overview.addRow([labels.timeZone, tz]);
  overview.addRow([labels.asOf, localDateTime(Date.parse(report.asOf), tz)]);
  for (const t of tables) if (t.note !== null) overview.addRow([t.title, t.note]);

  for (const table of tables) {
    const sheet = wb.addWorksheet(sheetName(table.title, used), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c) => {
      const longest = Math.max(
        c.label.length * 2,
        ...table.rows.map((r, _i) => String(r[table.columns.indexOf(c)] ?? '').length),
      );
      const numFmt = NUMBER_FORMATS[c.format];
      return {
        header: c.label,
        key: c.key,
        width: Math.min(60, Math.max(10, longest + 2)),
        ...(numFmt !== undefined ? { style: { numFmt } } : {}),
      };
    });
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    if (table.note !== null) header.getCell(1).note = table.note;
    for (const row of table.rows) {
      sheet.addRow(row.map((v, i) => excelCell(v, table.columns[i]!.format, tz)));
    }
    if (table.rows.length > 0) {
      sheet.autoFilter = {
        from: { row: 1, column: 1 },
        to: { row: 1, column: table.columns.length },
      };
    }
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
