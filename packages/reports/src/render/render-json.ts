import { type PersonalDataOption, visibleReport } from '../masking/mask-report';
import type { DealerReport } from '../report/dealer-report';

/** Options of {@link renderJson} and {@link reportJson}. */
export interface JsonRenderOptions extends PersonalDataOption {
  /** Indentation (default 2; 0 for one line). */
  readonly indent?: number;
}

/**
 * The report as a JSON value of the stable {@link DealerReport} shape, with personal data
 * masked unless `showPersonalData` is set. Numbers are unrounded; ratios are 0–1, scores 0–100.
 */
export function reportJson(report: DealerReport, options: PersonalDataOption = {}): DealerReport {
  return visibleReport(report, options);
}

/** The report as JSON text (see {@link reportJson}). */
export function renderJson(report: DealerReport, options: JsonRenderOptions = {}): string {
  return JSON.stringify(reportJson(report, options), null, options.indent ?? 2);
}
