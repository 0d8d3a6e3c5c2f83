import type { Answers } from '../model/survey-response';
import { isSatisfactionLevel } from './answer-problem';
import { isSatisfied, scoreResponse } from './score-response';
import {
  DEFAULT_SATISFIED_FROM,
  type SatisfactionLevel,
  type SurveyDefinition,
} from './survey-definition';

/** One reason a survey response raised an alert. */
export type AlertReason =
  | {
      /** A scale answer at or below `alerts.scaleAtOrBelow`. */
      readonly kind: 'lowItem';
      readonly itemId: string;
      readonly answer: number;
      readonly threshold: number;
      readonly because: string;
    }
  | {
      /** The index below `alerts.indexBelow`. */
      readonly kind: 'index';
      readonly index: number;
      readonly threshold: number;
      readonly because: string;
    }
  | {
      /** A satisfaction answer below its item's `satisfiedFrom` (the 7-level scale of [003]). */
      readonly kind: 'notSatisfied';
      readonly itemId: string;
      readonly answer: SatisfactionLevel;
      /** The lowest level that counts as satisfied. */
      readonly satisfiedFrom: SatisfactionLevel;
      readonly because: string;
    }
  | {
      /** A recommend item answered "no" with `alerts.notRecommended` on. */
      readonly kind: 'notRecommended';
      readonly itemId: string;
      readonly because: string;
    };

/** Whether a response raises a survey alert, and every reason it does (or why not). */
export interface AlertTrace {
  readonly alert: boolean;
  readonly index: number | null;
  readonly reasons: readonly AlertReason[];
  /** The outcome in words. */
  readonly because: string;
}

/**
 * Explains a survey alert: which scored scale item was at or below `alerts.scaleAtOrBelow`,
 * which satisfaction item was below its `satisfiedFrom`,
 * whether the index was below `alerts.indexBelow`, which recommend item said "no". Agrees with
 * `scoreResponse(def, answers).alert` (unscored and unanswered items never count); throws the
 * same `ValidationError` for invalid answers.
 */
export function explainSurveyAlert(def: SurveyDefinition, answers: Answers): AlertTrace {
  const scored = scoreResponse(def, answers);
  const reasons: AlertReason[] = [];
  const { scaleAtOrBelow, indexBelow, notRecommended } = def.alerts;
  for (const item of def.items) {
    const a = answers[item.id];
    if (a === undefined || a === null || !item.scored) continue;
    if (item.kind === 'scale' && typeof a === 'number' && scaleAtOrBelow !== undefined) {
      if (a <= scaleAtOrBelow) {
        reasons.push({
          kind: 'lowItem',
          itemId: item.id,
          answer: a,
          threshold: scaleAtOrBelow,
          because: `item ${item.id} answered ${a}, alert at or below ${scaleAtOrBelow}`,
        });
      }
    } else if (item.kind === 'satisfaction' && isSatisfactionLevel(a) && !isSatisfied(item, a)) {
      const from = item.satisfiedFrom ?? DEFAULT_SATISFIED_FROM;
      reasons.push({
        kind: 'notSatisfied',
        itemId: item.id,
        answer: a,
        satisfiedFrom: from,
        because: `item ${item.id} answered ${a}, satisfied from ${from}`,
      });
    } else if (item.kind === 'recommend' && notRecommended && a === false) {
      reasons.push({
        kind: 'notRecommended',
        itemId: item.id,
        because: `item ${item.id} answered no (would not recommend)`,
      });
    }
  }
  if (indexBelow !== undefined && scored.index !== null && scored.index < indexBelow) {
    reasons.push({
      kind: 'index',
      index: scored.index,
      threshold: indexBelow,
      because: `index ${round(scored.index)} below ${indexBelow}`,
    });
  }
  const because =
    reasons.length > 0
      ? reasons.map((r) => r.because).join('; ')
      : `no alert: ${
          [
            scaleAtOrBelow !== undefined
              ? `no scored scale item at or below ${scaleAtOrBelow}`
              : '',
            indexBelow !== undefined
              ? scored.index === null
                ? 'no index (no scale item answered)'
                : `index ${round(scored.index)} not below ${indexBelow}`
              : '',
            notRecommended ? 'nobody said they would not recommend' : '',
          ]
            .filter((s) => s !== '')
            .join(', ') || 'the survey has no alert conditions'
        }`;
  return { alert: scored.alert, index: scored.index, reasons, because };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
