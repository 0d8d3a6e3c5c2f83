import type { Answer } from '../model/survey-response';
import { SATISFACTION_LEVELS } from './survey-definition';

/** The bounds of a number answer (a `scale` or `number` item). */
interface NumberBounds {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly integer?: boolean | undefined;
}

/** What is wrong with a number answer to an item with these bounds, or `undefined`. */
export function numberProblem(item: NumberBounds, a: number): string | undefined {
  if (item.min !== undefined && item.max !== undefined && (a < item.min || a > item.max)) {
    return `must be between ${item.min} and ${item.max}`;
  }
  if (item.min !== undefined && a < item.min) return `must be at least ${item.min}`;
  if (item.max !== undefined && a > item.max) return `must be at most ${item.max}`;
  if (item.integer === true && !Number.isInteger(a)) return 'must be a whole number';
  return undefined;
}

/** Whether an answer is one of the seven satisfaction level codes. */
export function isSatisfactionLevel(a: Answer): a is (typeof SATISFACTION_LEVELS)[number] {
  return typeof a === 'string' && (SATISFACTION_LEVELS as readonly string[]).includes(a);
}
