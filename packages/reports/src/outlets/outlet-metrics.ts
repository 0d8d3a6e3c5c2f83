import type { Visit } from '@dealercare/core';
import { completedAt } from '../follow-up/follow-up-counts';
import type { ResolvedPeriod } from '../period/report-period';
import { ResponseTally } from '../satisfaction/response-tally';
import { ratio } from '../statistics/running-mean';

/** One survey's results among an outlet's customers. */
export interface OutletSurveyResult {
  readonly surveyId: string;
  /** Responses answered in the period. */
  readonly responses: number;
  /** Mean response index, 0–100. */
  readonly index: number | null;
  /** Mean process compliance, 0–100. */
  readonly processCompliance: number | null;
  /** Share that would recommend, 0–1. */
  readonly recommendationRate: number | null;
}

/** The follow-up and survey results of one secondary outlet (二级网点). */
export interface OutletFigures {
  /** The outlet (`subject.outletId`). */
  readonly key: string;
  /** Visits owed in the period (window closing in it, not "do not visit"). */
  readonly owed: number;
  /** Completed. */
  readonly made: number;
  /** Completed by the window's due time. */
  readonly onTime: number;
  /** `made / owed`. */
  readonly followUpRate: number | null;
  /** Survey results by survey, sorted. */
  readonly surveys: readonly OutletSurveyResult[];
}

/**
 * Results per secondary outlet, to report back to each outlet [002: 对于二级网络的客户纳入到调查
 * 体系，并向二级网点进行通报]: over the visits that name an outlet (`subject.outletId`, set from
 * the delivery's `outletId`), by outlet, sorted.
 */
export interface OutletReport {
  readonly byOutlet: readonly OutletFigures[];
}

interface OutletTally {
  owed: number;
  made: number;
  onTime: number;
  readonly surveys: Map<string, ResponseTally>;
}

/**
 * Outlet figures, fed one visit at a time. Follow-up counts take the visits owed in the period
 * (as the follow-up section); survey results take the responses answered in it (as the
 * satisfaction section). Memory grows with outlets × surveys.
 */
export class OutletMetrics {
  private readonly outlets = new Map<string, OutletTally>();

  /** @param period - the report period. */
  constructor(private readonly period: ResolvedPeriod) {}

  private tally(key: string): OutletTally {
    let t = this.outlets.get(key);
    if (t === undefined) {
      t = { owed: 0, made: 0, onTime: 0, surveys: new Map() };
      this.outlets.set(key, t);
    }
    return t;
  }

  /**
   * Counts a visit of an outlet's customer.
   *
   * @param due - the visit's due instant, epoch ms (`extendedDueAt` when set, else `dueAt`).
   */
  add(v: Visit, due: number): void {
    const outlet = v.subject.outletId;
    if (outlet === undefined) return;
    const { start, end } = this.period;
    if (due >= start && due < end && v.state !== 'doNotVisit') {
      const t = this.tally(outlet);
      t.owed++;
      if (v.state === 'completed') {
        t.made++;
        const done = completedAt(v);
        if (done === undefined || done <= due) t.onTime++;
      }
    }
    const r = v.response;
    if (r === undefined) return;
    const answered = Date.parse(r.answeredAt);
    if (answered < start || answered >= end) return;
    const surveys = this.tally(outlet).surveys;
    let s = surveys.get(r.surveyId);
    if (s === undefined) {
      s = new ResponseTally();
      surveys.set(r.surveyId, s);
    }
    s.add(r.score);
  }

  /** The figures so far. */
  result(): OutletReport {
    return {
      byOutlet: [...this.outlets.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, t]) => ({
          key,
          owed: t.owed,
          made: t.made,
          onTime: t.onTime,
          followUpRate: ratio(t.made, t.owed),
          surveys: [...t.surveys.entries()]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([surveyId, s]) => {
              const f = s.figures();
              return {
                surveyId,
                responses: f.responses,
                index: f.index,
                processCompliance: f.processCompliance,
                recommendationRate: f.recommendationRate,
              };
            }),
        })),
    };
  }
}
