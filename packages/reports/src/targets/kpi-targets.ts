import type { KpiTarget } from '@dealercare/core';
import type { FollowUpReport } from '../follow-up/follow-up-metrics';
import type { ServiceAdvisorReport } from '../follow-up/service-advisor-metrics';
import type { ReworkReport } from '../rework/rework-metrics';
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

/** Report figures a target may read besides the follow-up and satisfaction sections. */
export interface TargetFigures {
  /** `serviceSatisfiedRate` reads `totals.satisfiedRate`. */
  readonly serviceAdvisors?: ServiceAdvisorReport | null;
  /** `reworkRate` reads `reworkRate`. */
  readonly rework?: ReworkReport | null;
  /** The follow-up rate of visits about vehicles in warranty (`warrantyFollowUp`). */
  readonly warrantyFollowUpRate?: number | null;
}

function figureValue(
  t: KpiTarget,
  followUp: FollowUpReport | null,
  satisfaction: SatisfactionReport | null,
  more: TargetFigures,
): number | null {
  const survey = () => satisfaction?.bySurvey.find((s) => s.surveyId === t.survey);
  switch (t.figure) {
    case 'followUpRate':
      return followUp?.totals.followUpRate ?? null;
    case 'onTimeRate':
      return followUp?.totals.onTimeRate ?? null;
    case 'surveyIndex':
      return survey()?.index ?? null;
    case 'recommendationRate':
      return survey()?.recommendationRate ?? null;
    case 'serviceSatisfiedRate':
      return more.serviceAdvisors?.totals.satisfiedRate ?? null;
    case 'reworkRate':
      return more.rework?.reworkRate ?? null;
    case 'warrantyFollowUpRate':
      return more.warrantyFollowUpRate ?? null;
  }
}

/** The pack's KPI targets with the report's figures, met or not. */
export function targetResults(
  targets: readonly KpiTarget[],
  followUp: FollowUpReport | null,
  satisfaction: SatisfactionReport | null,
  more: TargetFigures = {},
): TargetResult[] {
  return targets.map((t) => {
    const value = figureValue(t, followUp, satisfaction, more);
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
