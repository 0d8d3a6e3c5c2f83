import type { PersonalDataOption } from '../masking/mask-report';
import type { ReportLocale } from './labels';

/** Options every table renderer (CSV, Excel, HTML) takes. */
export interface RenderOptions extends PersonalDataOption {
  /** Language of titles, headers and labels (default `zh-CN`). */
  readonly locale?: ReportLocale;
}
