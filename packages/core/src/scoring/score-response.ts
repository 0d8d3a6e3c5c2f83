import { type Issue, ValidationError } from '../errors';
import type { Answer, Answers, SurveyScore } from '../model/survey-response';
import type { SurveyDefinition, SurveyItem } from './survey-definition';

/** Scores plus whether any alert condition of the survey holds. */
export interface ScoredResponse extends SurveyScore {
  readonly alert: boolean;
}

/** The problem with an answer, or `undefined` if it is valid. (No closure per call: hot path.) */
function answerProblem(item: SurveyItem, a: Answer): string | undefined {
  switch (item.kind) {
    case 'yesNo':
    case 'recommend':
      if (typeof a !== 'boolean') return 'must be true or false';
      return undefined;
    case 'scale':
      if (typeof a !== 'number' || !Number.isFinite(a)) return 'must be a number';
      else if (a < item.min! || a > item.max!) return `must be between ${item.min} and ${item.max}`;
      return undefined;
    case 'choice':
      if (typeof a !== 'string' || !item.choices!.includes(a)) {
        return `must be one of: ${item.choices!.join(', ')}`;
      }
      return undefined;
    case 'text':
      if (typeof a !== 'string') return 'must be text';
      return undefined;
  }
}

/**
 * One scale answer on the survey's 0–100 index scale, by the survey's index method — the
 * formula `scoreResponse` averages, exported so reports score items and sections the same way.
 */
export function itemScore(def: SurveyDefinition, item: SurveyItem, a: number): number {
  const min = item.min!;
  const max = item.max!;
  switch (def.index.kind) {
    case 'meanScaled':
      return (a / max) * 100;
    case 'normalised':
      return ((a - min) / (max - min)) * 100;
    case 'topBox':
      return a >= def.index.threshold ? 100 : 0;
  }
}

const ITEM_IDS = new WeakMap<SurveyDefinition, ReadonlySet<string>>();

/** The item ids of a survey, computed once per definition. */
function itemIds(def: SurveyDefinition): ReadonlySet<string> {
  let ids = ITEM_IDS.get(def);
  if (ids === undefined) {
    ids = new Set(def.items.map((i) => i.id));
    ITEM_IDS.set(def, ids);
  }
  return ids;
}

/**
 * Validates answers against a survey and scores them. Unanswered items (`null` or absent)
 * are excluded, never counted as zero; so are items marked `scored: false`, of any kind (no
 * index, compliance, recommendation, low item or alert from them), though their answers are
 * still validated. An unknown item id or an out-of-range answer throws a
 * `ValidationError` naming the item.
 */
export function scoreResponse(def: SurveyDefinition, answers: Answers): ScoredResponse {
  const issues: Issue[] = [];
  for (const id of Object.keys(answers)) {
    if (!itemIds(def).has(id)) {
      issues.push({
        path: ['answers', id],
        message: `not an item of survey "${def.id}"`,
        code: 'unknown_item',
      });
    }
  }
  for (const item of def.items) {
    const a = answers[item.id];
    if (a === undefined || a === null) continue;
    const problem = answerProblem(item, a);
    if (problem !== undefined) {
      issues.push({ path: ['answers', item.id], message: problem, code: 'invalid_answer' });
    }
  }
  if (issues.length > 0) throw new ValidationError(`answers to survey "${def.id}"`, issues);

  // Weighted mean; with section weighting each section's mean counts once.
  const sections = new Map<string, { sum: number; weight: number }>();
  let yes = 0;
  let processAnswered = 0;
  let recommends: boolean | null = null;
  const lowItems: string[] = [];
  const alerts = def.alerts;
  for (const item of def.items) {
    const a = answers[item.id];
    // An unscored item is validated above and kept with the response, but counts to nothing.
    if (a === undefined || a === null || !item.scored) continue;
    if (item.kind === 'yesNo') {
      processAnswered++;
      if (a === true) yes++;
    } else if (item.kind === 'recommend') {
      recommends = a === true;
    } else if (item.kind === 'scale' && typeof a === 'number') {
      if (alerts.scaleAtOrBelow !== undefined && a <= alerts.scaleAtOrBelow) lowItems.push(item.id);
      const w = def.weighting === 'item' ? item.weight : 1;
      const s = sections.get(item.section) ?? { sum: 0, weight: 0 };
      s.sum += itemScore(def, item, a) * w;
      s.weight += w;
      sections.set(item.section, s);
    }
  }
  let index: number | null = null;
  if (sections.size > 0) {
    if (def.weighting === 'item') {
      let sum = 0;
      let weight = 0;
      for (const s of sections.values()) {
        sum += s.sum;
        weight += s.weight;
      }
      index = sum / weight;
    } else {
      let sum = 0;
      for (const s of sections.values()) sum += s.sum / s.weight;
      index = sum / sections.size;
    }
  }
  const processCompliance = processAnswered === 0 ? null : (yes / processAnswered) * 100;
  const alert =
    lowItems.length > 0 ||
    (alerts.indexBelow !== undefined && index !== null && index < alerts.indexBelow) ||
    (alerts.notRecommended && recommends === false);
  return { index, processCompliance, recommends, lowItems, alert };
}
