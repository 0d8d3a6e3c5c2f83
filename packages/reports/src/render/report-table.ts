/** How a column's values are shown. */
export type ColumnFormat =
  /** Text as is. */
  | 'text'
  /** A whole number. */
  | 'integer'
  /** A share 0–1, shown as a percentage. */
  | 'percent'
  /** A score 0–100 (or a change of one), one decimal. */
  | 'score'
  /** A decimal number, two decimals. */
  | 'decimal'
  /** An instant (ISO string), shown in the dealer's time zone. */
  | 'datetime';

/** One column of a table. */
export interface ReportColumn {
  /** Stable key (`followUpRate`, …). */
  readonly key: string;
  /** Header in the chosen language. */
  readonly label: string;
  readonly format: ColumnFormat;
}

/** A cell: text, a number, or empty (`null`). */
export type ReportCell = string | number | null;

/** A table of a report, the common form the CSV, Excel and HTML renderers draw from. */
export interface ReportTable {
  /** Stable id (`followUpByType`, …); also the CSV file / sheet stem. */
  readonly id: string;
  /** Which report section it belongs to. */
  readonly section: 'followUp' | 'satisfaction' | 'complaints' | 'opinionCases' | 'rework';
  /** Title in the chosen language. */
  readonly title: string;
  /** A note shown under the title (e.g. the rule that selected the rows). */
  readonly note: string | null;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly ReportCell[])[];
}
