import {
  type CompiledRulePack,
  type StorageAdapter,
  type SurveyDefinition,
  type SurveyItem,
  type SurveyResponse,
  ValidationError,
} from '@dealercare/core';
import { parseInstant } from '../period/parse-instant';
import { type ReportPeriod, resolvePeriod } from '../period/report-period';
import { type ReadOptions, readPages } from '../reading/read-aggregates';
import { ratio } from '../statistics/running-mean';

/** How often one category of a `choice` item was answered. */
export interface ChoiceCount {
  /** The category, as the pack's `choices` name it. */
  readonly choice: string;
  readonly count: number;
  /** `count / answered`; `null` when nobody answered the item. */
  readonly share: number | null;
}

/**
 * The answers to one `choice` item counted by category, e.g. why customers chose the dealer
 * (为什么会选择在本专营店购买, item 22 of the Great Wall SSI [002]).
 */
export interface ChoiceCounts {
  readonly surveyId: string;
  readonly itemId: string;
  /** Responses that answered the item. */
  readonly answered: number;
  /** Every category of the item, in the pack's order, those never chosen with 0. */
  readonly counts: readonly ChoiceCount[];
}

/** The `choice` item of a survey, or a `ValidationError` naming what is wrong. */
function choiceItem(def: SurveyDefinition, itemId: string): SurveyItem {
  const item = def.items.find((i) => i.id === itemId);
  if (item === undefined || item.kind !== 'choice') {
    throw new ValidationError('choice counts', [
      {
        path: ['itemId'],
        message:
          item === undefined
            ? `not an item of survey "${def.id}"`
            : `item "${itemId}" of survey "${def.id}" is a ${item.kind} item, not a choice`,
        code: 'not_a_choice',
      },
    ]);
  }
  return item;
}

/** Counts of one choice item, fed one response at a time (memory: one entry per category). */
class ChoiceTally {
  private readonly counts: Map<string, number>;
  private answered = 0;

  constructor(
    private readonly def: SurveyDefinition,
    private readonly itemId: string,
  ) {
    this.counts = new Map(choiceItem(def, itemId).choices!.map((c) => [c, 0]));
  }

  add(r: SurveyResponse): void {
    if (r.surveyId !== this.def.id) return;
    const a = r.answers[this.itemId];
    if (typeof a !== 'string') return;
    const n = this.counts.get(a);
    if (n === undefined) return;
    this.answered++;
    this.counts.set(a, n + 1);
  }

  result(): ChoiceCounts {
    const answered = this.answered;
    return {
      surveyId: this.def.id,
      itemId: this.itemId,
      answered,
      counts: [...this.counts].map(([choice, count]) => ({
        choice,
        count,
        share: ratio(count, answered),
      })),
    };
  }
}

/**
 * Counts the answers to a `choice` item over responses (those of other surveys are skipped).
 * Categories are the pack's data (`choices`): each is listed, in the pack's order, also when
 * never chosen. An item that is not a `choice` item of the survey is `VALIDATION_FAILED`.
 */
export function countChoices(
  def: SurveyDefinition,
  itemId: string,
  responses: Iterable<SurveyResponse>,
): ChoiceCounts {
  const tally = new ChoiceTally(def, itemId);
  for (const r of responses) tally.add(r);
  return tally.result();
}

/** Options of {@link choiceCounts}. */
export interface ChoiceCountOptions {
  readonly dealerId: string;
  /** Responses answered in these local dates (both inclusive). */
  readonly period: ReportPeriod;
  readonly timeZone: string;
  /** The compiled rule pack holding the survey. */
  readonly rules: CompiledRulePack;
  readonly surveyId: string;
  /** The `choice` item, e.g. `whyThisDealer`. */
  readonly itemId: string;
  /** Only responses answered by then (default: all). */
  readonly asOf?: Date;
  readonly read?: ReadOptions;
}

/**
 * Reads a dealer's visits through the storage port and counts the answers to a `choice` item
 * of the responses answered in the period ({@link countChoices}): e.g. "why this dealer" per
 * category for the month-end report [002]. An unknown survey or an item that is not a choice is
 * `VALIDATION_FAILED`.
 *
 * @example
 * ```ts
 * const why = await choiceCounts(storage, {
 *   dealerId: 'bj-haval-01',
 *   period: monthPeriod(2026, 3),
 *   timeZone: 'Asia/Shanghai',
 *   rules: loadRulePack(SHIPPED_PACKS['great-wall']),
 *   surveyId: 'gw-ssi',
 *   itemId: 'whyThisDealer',
 * });
 * ```
 */
export async function choiceCounts(
  storage: StorageAdapter,
  options: ChoiceCountOptions,
): Promise<ChoiceCounts> {
  const def = options.rules.survey(options.surveyId);
  if (def === undefined) {
    throw new ValidationError('choice counts', [
      {
        path: ['surveyId'],
        message: `survey "${options.surveyId}" is not in the rule pack`,
        code: 'unknown_survey',
      },
    ]);
  }
  const tally = new ChoiceTally(def, options.itemId);
  const period = resolvePeriod(options.period, options.timeZone);
  const asOf = options.asOf?.getTime() ?? Number.POSITIVE_INFINITY;
  for await (const page of readPages(storage, 'visit', options.dealerId, options.read)) {
    for (const v of page) {
      const r = v.response;
      if (r === undefined || r.surveyId !== def.id) continue;
      const at = parseInstant(r.answeredAt);
      if (at >= period.start && at < period.end && at <= asOf) tally.add(r);
    }
  }
  return tally.result();
}
