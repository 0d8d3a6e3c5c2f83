/** Satisfaction figures of one survey over the period. */
export interface SurveySummary {
  /** Survey id (`gw-ssi`, `gw-csi`, …). */
  readonly surveyId: string;
  /** The survey's name from the rule pack, or `null` if the pack does not define it. */
  readonly surveyName: string | null;
  /** Responses answered in the period. */
  readonly responses: number;
  /** Mean of the stored response indices (0–100); `null` when none had an index. */
  readonly index: number | null;
  /** Population standard deviation of the response indices. */
  readonly indexStandardDeviation: number | null;
  /** Mean process compliance (share of "yes" on process items), 0–100. */
  readonly processCompliance: number | null;
  /** Share of responses that would recommend, over those that answered, 0–1. */
  readonly recommendationRate: number | null;
  /** Responses with an alert item (`score.lowItems` not empty). */
  readonly responsesWithLowItems: number;
}

/** Satisfaction of one staff member (`visit.subject.staffId`) on one survey. */
export interface StaffSatisfaction {
  readonly surveyId: string;
  /** Staff id; `(none)` for visits without a staff member. */
  readonly staffId: string;
  readonly responses: number;
  readonly index: number | null;
  readonly processCompliance: number | null;
  readonly recommendationRate: number | null;
  /** Whether the weak-staff rule flags this staff member. */
  readonly weak: boolean;
}

/** One month of a survey's trend (month of `answeredAt` in the dealer's time zone). */
export interface TrendPoint {
  readonly surveyId: string;
  /** `YYYY-MM`. */
  readonly month: string;
  readonly responses: number;
  readonly index: number | null;
  /** Index minus the previous month's, `null` for the first month or without data. */
  readonly change: number | null;
}

/** The mean score of one scale item, re-scored with the survey definition. */
export interface ItemScore {
  readonly surveyId: string;
  readonly itemId: string;
  readonly section: string;
  /** The question, from the survey definition. */
  readonly text: string | null;
  /** Responses that answered the item. */
  readonly answered: number;
  /** Mean item score on the index scale (0–100). */
  readonly score: number | null;
  /** Answers at or below the survey's alert threshold (`alerts.scaleAtOrBelow`). */
  readonly lowAnswers: number;
}

/** The mean score of one survey section (mean of its scale item scores). */
export interface SectionScore {
  readonly surveyId: string;
  readonly section: string;
  readonly answered: number;
  readonly score: number | null;
}

/** The rule that picks the weak items. */
export interface WeakItemRule {
  readonly id: 'lowestItems';
  /** How many items per survey. */
  readonly count: number;
  /** The rule in words (English; renderers translate it). */
  readonly text: string;
}

/** The rule that flags weak staff. */
export interface WeakStaffRule {
  readonly id: 'belowMeanBySd';
  /** How many standard deviations below the dealer mean. */
  readonly standardDeviations: number;
  /** Staff with fewer responses are never flagged. */
  readonly minResponses: number;
  /** The rule in words (English; renderers translate it). */
  readonly text: string;
}

/** Satisfaction metrics of a dealer for a period. */
export interface SatisfactionReport {
  /** By survey, sorted by id. */
  readonly bySurvey: readonly SurveySummary[];
  /** By survey then staff id. */
  readonly byStaff: readonly StaffSatisfaction[];
  /** Month by month over the trend window, by survey then month. */
  readonly trend: readonly TrendPoint[];
  /** Every scored scale item of every survey answered in the period. */
  readonly items: readonly ItemScore[];
  /** Every section with scored scale items. */
  readonly sections: readonly SectionScore[];
  /** The lowest items, per survey, lowest first. */
  readonly weakItems: { readonly rule: WeakItemRule; readonly items: readonly ItemScore[] };
  /** Staff whose index is notably low. */
  readonly weakStaff: {
    readonly rule: WeakStaffRule;
    readonly staff: readonly StaffSatisfaction[];
  };
  /** Surveys answered in the period that the rule pack does not define (no item analysis). */
  readonly unknownSurveys: readonly string[];
}
