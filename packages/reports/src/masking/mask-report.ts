import type { DealerReport } from '../report/dealer-report';
import { maskName, maskPhone } from './mask';

/** Renderer option shared by every renderer. */
export interface PersonalDataOption {
  /**
   * Show customer names, phones and staff names in clear. Default `false`: every renderer
   * masks them (`maskName`, `maskPhone`). Set it only for a reader entitled to the data.
   */
  readonly showPersonalData?: boolean;
}

/** A copy of the report with customer names and phones and staff names masked. */
export function maskReport(report: DealerReport): DealerReport {
  const people: Record<string, string> = {};
  for (const [id, name] of Object.entries(report.people)) people[id] = maskName(name);
  return {
    ...report,
    people,
    complaints:
      report.complaints === null
        ? null
        : {
            ...report.complaints,
            breaches: report.complaints.breaches.map((b) => ({
              ...b,
              customerName: b.customerName === null ? null : maskName(b.customerName),
              customerPhone: b.customerPhone === null ? null : maskPhone(b.customerPhone),
            })),
          },
  };
}

/** The report as a renderer must show it: masked unless `showPersonalData` is set. */
export function visibleReport(report: DealerReport, option: PersonalDataOption): DealerReport {
  return option.showPersonalData === true ? report : maskReport(report);
}
