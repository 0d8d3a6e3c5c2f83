import { ValidationError } from '@dealercare/core';
import { visibleReport } from '../masking/mask-report';
import type { DealerReport } from '../report/dealer-report';
import { formatCell } from './cell-format';
import { reportLabels } from './labels';
import type { RenderOptions } from './render-options';
import type { ReportTable } from './report-table';
import { reportTables } from './report-tables';

/** The UTF-8 byte-order mark: Excel needs it to read UTF-8 (Chinese) CSV correctly. */
export const UTF8_BOM = '\uFEFF';

/** A CSV file of one report table. */
export interface CsvFile {
  /** `<table id>.csv`. */
  readonly fileName: string;
  /** The table title in the chosen language. */
  readonly title: string;
  /** CSV text starting with the UTF-8 BOM, CRLF line ends (RFC 4180). */
  readonly content: string;
}

/** Quotes a field when it holds a separator, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text that a spreadsheet would run as a formula gets a leading `'` (CSV injection). */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function tableCsv(table: ReportTable, timeZone: string): string {
  const lines = [table.columns.map((c) => csvField(c.label)).join(',')];
  for (const row of table.rows) {
    lines.push(
      row
        .map((cell, i) => {
          const col = table.columns[i]!;
          const text = formatCell(cell, col.format, timeZone);
          return csvField(
            typeof cell === 'string' && col.format === 'text' ? neutralise(text) : text,
          );
        })
        .join(','),
    );
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/**
 * Every table of the report as a CSV file (UTF-8 with BOM, so Excel opens Chinese text
 * correctly; RFC 4180 quoting). Personal data is masked unless `showPersonalData` is set.
 */
export function renderCsvFiles(report: DealerReport, options: RenderOptions = {}): CsvFile[] {
  const visible = visibleReport(report, options);
  return reportTables(visible, reportLabels(options.locale)).map((t) => ({
    fileName: `${t.id}.csv`,
    title: t.title,
    content: tableCsv(t, report.period.timeZone),
  }));
}

/**
 * One table of the report as CSV (see {@link renderCsvFiles}). An unknown table id throws a
 * `ValidationError` listing the known ones.
 */
export function renderCsv(
  report: DealerReport,
  tableId: string,
  options: RenderOptions = {},
): string {
  const files = renderCsvFiles(report, options);
  const file = files.find((f) => f.fileName === `${tableId}.csv`);
  if (file === undefined) {
    throw new ValidationError('CSV table', [
      {
        path: ['tableId'],
        message: `unknown table "${tableId}" (known: ${files.map((f) => f.fileName.slice(0, -4)).join(', ')})`,
        code: 'unknown_table',
      },
    ]);
  }
  return file.content;
}
