import {
  type CompiledRulePack,
  itemScore,
  type SurveyDefinition,
  type Visit,
} from '@dealercare/core';
import { MonthBuckets } from '../period/month-buckets';
import { parseInstant } from '../period/parse-instant';
import type { ResolvedPeriod } from '../period/report-period';
import { RunningMean } from '../statistics/running-mean';
import { ResponseTally } from './response-tally';
import type {
  ItemScore,
  SatisfactionReport,
  SectionScore,
  StaffSatisfaction,
  SurveySummary,
  TrendPoint,
  WeakItemRule,
  WeakStaffRule,
} from './satisfaction-types';

/** Key used for responses whose visit names no staff member. */
export const NO_STAFF = '(none)';

/** Options of {@link SatisfactionMetrics}. */
export interface SatisfactionOptions {
  /** The compiled rule pack whose survey definitions re-score items. */
  readonly rules: CompiledRulePack;
  /** Weak items listed per survey (default 5). */
  readonly weakItemCount?: number;
  /** Standard deviations below the dealer mean that flag a staff member (default 1). */
  readonly weakStaffStandardDeviations?: number;
  /** Fewest responses before a staff member can be flagged (default 3). */
  readonly weakStaffMinResponses?: number;
  /** Months in the trend, ending with the period's last month (default 6). */
  readonly trendMonths?: number;
}

/** One survey's entries in the metric maps, each made when first needed. */
interface SurveyEntries {
  readonly surveyId: string;
  readonly def: SurveyDefinition | undefined;
  months?: RunningMean[];
  tally?: ResponseTally;
  staff?: Map<string, ResponseTally>;
  items?: readonly (ItemTally | undefined)[];
}

interface ItemTally {
  readonly score: RunningMean;
  /** The mean of the item's section (shared by the items of that section). */
  readonly section: RunningMean;
  low: number;
}

function sortKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function get<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/**
 * Satisfaction metrics over the survey responses stored on visits, fed one visit at a time:
 * indices and compliance by survey and by staff, a month-by-month trend, item and section
 * scores re-computed from the answers with the rule pack's survey definitions, weak items and
 * weak staff. Memory grows with surveys × (items + staff + months), not with responses.
 */
export class SatisfactionMetrics {
  private readonly surveys = new Map<string, ResponseTally>();
  /** survey → staff → tally. */
  private readonly staff = new Map<string, Map<string, ResponseTally>>();
  /** survey → index means by trend month. */
  private readonly months = new Map<string, RunningMean[]>();
  /** survey → item tallies in definition order (`undefined` for items not scored). */
  private readonly items = new Map<string, readonly (ItemTally | undefined)[]>();
  /** survey → section → mean item score. */
  private readonly sections = new Map<string, Map<string, RunningMean>>();
  private readonly unknown = new Set<string>();
  /** The entries of the maps above for the survey seen last: responses come in runs of one survey. */
  private last: SurveyEntries | undefined;
  private readonly buckets: MonthBuckets;
  private readonly trendStart: number;

  /**
   * @param period - responses answered in it count.
   * @param options - rule pack and rule parameters.
   */
  constructor(
    private readonly period: ResolvedPeriod,
    private readonly options: SatisfactionOptions,
  ) {
    this.buckets = new MonthBuckets(
      period.to.slice(0, 7),
      Math.max(1, options.trendMonths ?? 6),
      period.timeZone,
    );
    this.trendStart = Math.min(period.start, this.buckets.start);
  }

  /** Counts a visit's survey response if it was answered in the period or the trend window. */
  add(v: Visit): void {
    const r = v.response;
    if (r === undefined) return;
    const at = parseInstant(r.answeredAt);
    if (at < this.trendStart || at >= this.period.end) return;
    let e = this.last;
    if (e === undefined || e.surveyId !== r.surveyId) {
      e = { surveyId: r.surveyId, def: this.options.rules.survey(r.surveyId) };
      this.last = e;
    }
    const month = this.buckets.indexOf(at);
    if (month >= 0) {
      e.months ??= get(this.months, r.surveyId, () =>
        this.buckets.months.map(() => new RunningMean()),
      );
      e.months[month]!.add(r.score.index);
    }
    if (at < this.period.start) return;
    e.tally ??= get(this.surveys, r.surveyId, () => new ResponseTally());
    e.tally.add(r.score);
    e.staff ??= get(this.staff, r.surveyId, () => new Map<string, ResponseTally>());
    get(e.staff, v.subject.staffId ?? NO_STAFF, () => new ResponseTally()).add(r.score);
    if (e.def === undefined) {
      this.unknown.add(r.surveyId);
      return;
    }
    e.items ??= this.itemTallies(e.def);
    this.addItems(e.def, e.items, r.answers);
  }

  private addItems(
    def: SurveyDefinition,
    tallies: readonly (ItemTally | undefined)[],
    answers: Readonly<Record<string, unknown>>,
  ): void {
    const lowAt = def.alerts.scaleAtOrBelow;
    for (let i = 0; i < def.items.length; i++) {
      const t = tallies[i];
      if (t === undefined) continue;
      const item = def.items[i]!;
      const a = answers[item.id];
      if (typeof a !== 'number') continue;
      const s = itemScore(def, item, a);
      t.score.add(s);
      if (lowAt !== undefined && a <= lowAt) t.low++;
      t.section.add(s);
    }
  }

  /** The item tallies of a survey (made once, shared with the section means). */
  private itemTallies(def: SurveyDefinition): readonly (ItemTally | undefined)[] {
    return get(this.items, def.id, () => {
      const sections = get(this.sections, def.id, () => new Map<string, RunningMean>());
      return def.items.map((item) =>
        item.kind === 'scale' && item.scored
          ? {
              score: new RunningMean(),
              section: get(sections, item.section, () => new RunningMean()),
              low: 0,
            }
          : undefined,
      );
    });
  }

  /** The metrics of the responses added so far. */
  result(): SatisfactionReport {
    const { rules } = this.options;
    const bySurvey: SurveySummary[] = [...this.surveys.entries()]
      .sort(([a], [b]) => sortKey(a, b))
      .map(([surveyId, t]) => ({
        surveyId,
        surveyName: rules.survey(surveyId)?.name ?? null,
        ...t.figures(),
      }));

    const sd = this.options.weakStaffStandardDeviations ?? 1;
    const minResponses = this.options.weakStaffMinResponses ?? 3;
    const staffRule: WeakStaffRule = {
      id: 'belowMeanBySd',
      standardDeviations: sd,
      minResponses,
      text: `staff index below the dealer's mean index of the survey by more than ${sd} standard deviation(s) of the dealer's response indices; only staff with at least ${minResponses} responses`,
    };
    const byStaff: StaffSatisfaction[] = [];
    for (const [surveyId, staff] of [...this.staff.entries()].sort(([a], [b]) => sortKey(a, b))) {
      const dealer = this.surveys.get(surveyId)!.index;
      const mean = dealer.mean;
      const dev = dealer.standardDeviation;
      for (const [staffId, t] of [...staff.entries()].sort(([a], [b]) => sortKey(a, b))) {
        const f = t.figures();
        const weak =
          f.responses >= minResponses &&
          f.index !== null &&
          mean !== null &&
          dev !== null &&
          f.index < mean - sd * dev;
        byStaff.push({
          surveyId,
          staffId,
          responses: f.responses,
          index: f.index,
          processCompliance: f.processCompliance,
          recommendationRate: f.recommendationRate,
          weak,
        });
      }
    }

    const trend: TrendPoint[] = [];
    for (const [surveyId, means] of [...this.months.entries()].sort(([a], [b]) => sortKey(a, b))) {
      let previous: number | null = null;
      this.buckets.months.forEach((month, i) => {
        const m = means[i]!;
        const index = m.mean;
        trend.push({
          surveyId,
          month,
          responses: m.count,
          index,
          change: index !== null && previous !== null ? index - previous : null,
        });
        previous = index;
      });
    }

    const items: ItemScore[] = [];
    const sections: SectionScore[] = [];
    for (const s of bySurvey) {
      const def = rules.survey(s.surveyId);
      if (def === undefined) continue;
      const tallies = this.items.get(def.id);
      const sectionMeans = this.sections.get(def.id);
      if (tallies === undefined || sectionMeans === undefined) continue;
      const seen = new Set<string>();
      def.items.forEach((item, i) => {
        const t = tallies[i];
        if (t === undefined || t.score.count === 0) return;
        items.push({
          surveyId: def.id,
          itemId: item.id,
          section: item.section,
          text: item.text ?? null,
          answered: t.score.count,
          score: t.score.mean,
          lowAnswers: t.low,
        });
        if (seen.has(item.section)) return;
        seen.add(item.section);
        const sec = sectionMeans.get(item.section)!;
        sections.push({
          surveyId: def.id,
          section: item.section,
          answered: sec.count,
          score: sec.mean,
        });
      });
    }

    const count = this.options.weakItemCount ?? 5;
    const itemRule: WeakItemRule = {
      id: 'lowestItems',
      count,
      text: `the ${count} scale items with the lowest mean item score (0–100, the survey's index method) per survey, lowest first`,
    };
    const weak: ItemScore[] = [];
    for (const s of bySurvey) {
      weak.push(
        ...items
          .filter((i) => i.surveyId === s.surveyId && i.score !== null)
          .sort((a, b) => a.score! - b.score! || sortKey(a.itemId, b.itemId))
          .slice(0, count),
      );
    }

    return {
      bySurvey,
      byStaff,
      trend,
      items,
      sections,
      weakItems: { rule: itemRule, items: weak },
      weakStaff: { rule: staffRule, staff: byStaff.filter((s) => s.weak) },
      unknownSurveys: [...this.unknown].sort(sortKey),
    };
  }
}
