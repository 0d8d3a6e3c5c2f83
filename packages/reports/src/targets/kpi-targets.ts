import type { KpiTarget } from '@dealercare/core';
import type { FollowUpReport } from '../follow-up/follow-up-metrics';
import type { SatisfactionReport } from '../satisfaction/satisfaction-types';

/** A KPI target of the pack next to its figure in the report. */
export interface TargetResult {
  readonly id: string;
  readonly figure: KpiTarget['figure'];
  /** The survey of a per-survey figure, else `null`. */
  readonly survey: string | null;
  /** The comparison and its bound, e.g. `atLeast` 93. */
  readonly comparison: 'atLeast' | 'above' | 'atMost' | 'below';
  readonly target: number;
  /** The period the target is set for (`year`: a yearly target shown on this report). */
  readonly period: 'month' | 'year';
  /** The report's figure; `null` when the section was not computed or has nothing to count. */
  readonly value: number | null;
  /** Whether the figure meets the target; `null` without a figure. */
  readonly met: boolean | null;
}

function bound(t: KpiTarget): { comparison: TargetResult['comparison']; target: number } {
  if (t.atLeast !== undefined) return { comparison: 'atLeast', target: t.atLeast };
  if (t.above !== undefined) return { comparison: 'above', target: t.above };
  if (t.atMost !== undefined) return { comparison: 'atMost', target: t.atMost };
  return { comparison: 'below', target: t.below! };
}

function meets(value: number, comparison: TargetResult['comparison'], target: number): boolean {
  switch (comparison) {
    case 'atLeast':
      return value >= target;
    case 'above':
      return value > target;
    case 'atMost':
      return value <= target;
    case 'below':
      return value < target;
  }
}

/** Figures computed outside the report's sections that targets can be set on. */
export interface ExtraFigures {
  /** The follow-up rate of visits about vehicles in warranty (`warrantyFollowUp`). */
  readonly warrantyFollowUpRate?: number | null;
}

/** The pack's KPI targets with the report's figures, met or not. */
export function targetResults(
  targets: readonly KpiTarget[],
  followUp: FollowUpReport | null,
  satisfaction: SatisfactionReport | null,
  extra: ExtraFigures = {},
): TargetResult[] {
  return targets.map((t) => {
    const survey = satisfaction?.bySurvey.find((s) => s.surveyId === t.survey);
    const value =
      t.figure === 'followUpRate'
        ? (followUp?.totals.followUpRate ?? null)
        : t.figure === 'onTimeRate'
          ? (followUp?.totals.onTimeRate ?? null)
          : t.figure === 'surveyIndex'
            ? (survey?.index ?? null)
            : t.figure === 'warrantyFollowUpRate'
              ? (extra.warrantyFollowUpRate ?? null)
              : (survey?.recommendationRate ?? null);
    const { comparison, target } = bound(t);
    return {
      id: t.id,
      figure: t.figure,
      survey: t.survey ?? null,
      comparison,
      target,
      period: t.period,
      value,
      met: value === null ? null : meets(value, comparison, target),
    };
  });
}
