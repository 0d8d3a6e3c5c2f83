import { type Issue, ValidationError } from '../errors';
import { normalisePhoneNumber } from '../model/phone-number';
import type { Answer, Answers, SurveyScore } from '../model/survey-response';
import { isSatisfactionLevel, numberProblem } from './answer-problem';
import {
  DEFAULT_SATISFIED_FROM,
  SATISFACTION_LEVELS,
  type SatisfactionLevel,
  type SurveyDefinition,
  type SurveyItem,
} from './survey-definition';

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
    case 'number':
      if (typeof a !== 'number' || !Number.isFinite(a)) return 'must be a number';
      return numberProblem(item, a);
    case 'choice':
      if (typeof a !== 'string' || !item.choices!.includes(a)) {
        return `must be one of: ${item.choices!.join(', ')}`;
      }
      return undefined;
    case 'text':
      if (typeof a !== 'string') return 'must be text';
      if (item.maxLength !== undefined && a.length > item.maxLength) {
        return `must be at most ${item.maxLength} characters`;
      }
      return undefined;
    case 'satisfaction':
      if (!isSatisfactionLevel(a)) return `must be one of: ${SATISFACTION_LEVELS.join(', ')}`;
      return undefined;
    case 'phone':
      if (typeof a !== 'string' || normalisePhoneNumber(a) === undefined) {
        return 'must be a phone number that can exist';
      }
      return undefined;
  }
}

/** The 1–7 number of a satisfaction level (very dissatisfied 1 … very satisfied 7). */
export function satisfactionValue(level: SatisfactionLevel): number {
  return SATISFACTION_LEVELS.indexOf(level) + 1;
}

/**
 * Whether a satisfaction answer counts as satisfied for its item: at or above the item's
 * `satisfiedFrom` (default {@link DEFAULT_SATISFIED_FROM}: 较满意, 满意 and 很满意).
 */
export function isSatisfied(item: SurveyItem, level: SatisfactionLevel): boolean {
  return (
    satisfactionValue(level) >= satisfactionValue(item.satisfiedFrom ?? DEFAULT_SATISFIED_FROM)
  );
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

/**
 * One satisfaction answer on the survey's 0–100 index scale. The level counts as its number on
 * a 1–7 scale ({@link satisfactionValue}) by the survey's index method: `meanScaled` value / 7
 * × 100 (很满意 100 … 很不满意 ≈ 14.3), `normalised` (value − 1) / 6 × 100 (很满意 100, 一般 50,
 * 很不满意 0); with `topBox` (whose threshold is on the survey's numeric scales) a satisfied
 * answer ({@link isSatisfied}) scores 100 and any other 0.
 */
export function satisfactionScore(
  def: SurveyDefinition,
  item: SurveyItem,
  level: SatisfactionLevel,
): number {
  const value = satisfactionValue(level);
  switch (def.index.kind) {
    case 'meanScaled':
      return (value / 7) * 100;
    case 'normalised':
      return ((value - 1) / 6) * 100;
    case 'topBox':
      return isSatisfied(item, level) ? 100 : 0;
  }
}

/** Whether an `askedIf` condition holds for the answers. */
function asked(item: SurveyItem, answers: Answers): boolean {
  const c = item.askedIf;
  if (c === undefined) return true;
  const a = answers[c.item];
  if (a === undefined || a === null) return false;
  return c.in !== undefined ? c.in.includes(a) : a === c.equals;
}

/** Adds one item score to its section's weighted sum. */
function addToSection(
  sections: Map<string, { sum: number; weight: number }>,
  def: SurveyDefinition,
  item: SurveyItem,
  score: number,
): void {
  const w = def.weighting === 'item' ? item.weight : 1;
  const s = sections.get(item.section) ?? { sum: 0, weight: 0 };
  s.sum += score * w;
  s.weight += w;
  sections.set(item.section, s);
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

const NEEDS_PREPARING = new WeakMap<SurveyDefinition, boolean>();

/** Whether a survey has items whose answers are rewritten when prepared (computed once). */
function needsPreparing(def: SurveyDefinition): boolean {
  let needs = NEEDS_PREPARING.get(def);
  if (needs === undefined) {
    needs = def.items.some(
      (i) => i.kind === 'phone' || i.unknownValue !== undefined || i.askedIf !== undefined,
    );
    NEEDS_PREPARING.set(def, needs);
  }
  return needs;
}

/**
 * Validates answers against a survey and returns them as they are stored: phone answers in
 * E.164, a `number` item's `unknownValue` in place of no answer, `null` in place of an item not
 * asked. Every problem is collected into one `ValidationError` (`VALIDATION_FAILED`), each
 * issue at `answers.<item id>` with its code: `unknown_item` (not an item of the survey),
 * `invalid_answer` (wrong kind or out of range), `not_asked` (answered though its `askedIf`
 * does not hold), `required` (a required item asked but not answered).
 */
export function prepareAnswers(def: SurveyDefinition, answers: Answers): Answers {
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
  const rewrite = needsPreparing(def);
  const out: Record<string, Answer> = rewrite ? { ...answers } : answers;
  for (const item of def.items) {
    let a = answers[item.id];
    // Decided on the prepared answers: an earlier item's unknownValue counts as its answer.
    if (rewrite && !asked(item, out)) {
      if (a !== undefined && a !== null) {
        const c = item.askedIf!;
        issues.push({
          path: ['answers', item.id],
          message: `not asked: asked only if "${c.item}" is ${JSON.stringify(c.in ?? c.equals)}`,
          code: 'not_asked',
        });
      }
      if (a !== undefined) out[item.id] = null;
      continue;
    }
    if ((a === undefined || a === null) && item.unknownValue !== undefined) {
      a = item.unknownValue;
      out[item.id] = a;
    }
    if (a === undefined || a === null || (typeof a === 'string' && a.trim() === '')) {
      if (item.required) {
        issues.push({ path: ['answers', item.id], message: 'must be answered', code: 'required' });
      }
      if (a === undefined || a === null) continue;
    }
    const problem = answerProblem(item, a);
    if (problem !== undefined) {
      issues.push({ path: ['answers', item.id], message: problem, code: 'invalid_answer' });
    } else if (item.kind === 'phone' && typeof a === 'string') {
      out[item.id] = normalisePhoneNumber(a)!;
    }
  }
  if (issues.length > 0) throw new ValidationError(`answers to survey "${def.id}"`, issues);
  return out;
}

/**
 * Validates answers against a survey ({@link prepareAnswers}) and scores them. Unanswered items
 * (`null` or absent) and items not asked are excluded, never counted as zero; so are items
 * marked `scored: false`, of any kind (no index, compliance, recommendation, low item or alert
 * from them), though their answers are still validated. A `satisfaction` item counts in the
 * index by {@link satisfactionScore} and is a low item (alert) when below its `satisfiedFrom`.
 * An unknown item id, an out-of-range answer, an answer to an item not asked or a required item
 * left unanswered throws a `ValidationError` naming the item.
 */
export function scoreResponse(def: SurveyDefinition, input: Answers): ScoredResponse {
  const answers = prepareAnswers(def, input);

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
      addToSection(sections, def, item, itemScore(def, item, a));
    } else if (item.kind === 'satisfaction' && isSatisfactionLevel(a)) {
      if (!isSatisfied(item, a)) lowItems.push(item.id);
      addToSection(sections, def, item, satisfactionScore(def, item, a));
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
