import { z } from 'zod';
import { idSchema } from '../model/primitives';
import { numberProblem } from './answer-problem';

/**
 * The seven satisfaction levels of [003] (满意度等级分为七个等级：很满意、满意、较满意、一般、不太满意、
 * 不满意和很不满意), worst first: a `satisfaction` item's answer is one of these codes, and its
 * position + 1 (1 = very dissatisfied … 7 = very satisfied) is the number it is scored as.
 */
export const SATISFACTION_LEVELS = [
  'veryDissatisfied',
  'dissatisfied',
  'notVerySatisfied',
  'neutral',
  'fairlySatisfied',
  'satisfied',
  'verySatisfied',
] as const;
/** One of the seven satisfaction levels. */
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/** The Chinese words of the seven levels, as [003] names them (很满意 … 很不满意). */
export const SATISFACTION_LEVEL_LABELS: Readonly<Record<SatisfactionLevel, string>> = {
  veryDissatisfied: '很不满意',
  dissatisfied: '不满意',
  notVerySatisfied: '不太满意',
  neutral: '一般',
  fairlySatisfied: '较满意',
  satisfied: '满意',
  verySatisfied: '很满意',
};

/**
 * The lowest level that counts as satisfied when an item does not say (`satisfiedFrom`): the
 * three levels above "neutral" (很满意、满意、较满意).
 */
export const DEFAULT_SATISFIED_FROM: SatisfactionLevel = 'fairlySatisfied';

/** The kinds of survey item (see {@link surveyItemSchema}). */
export const SURVEY_ITEM_KINDS = [
  'yesNo',
  'scale',
  'recommend',
  'choice',
  'text',
  'satisfaction',
  'number',
  'phone',
] as const;
/** A survey item kind. */
export type SurveyItemKind = (typeof SURVEY_ITEM_KINDS)[number];

const askedIfValueSchema = z.union([z.boolean(), z.number().finite(), z.string().min(1).max(100)]);

/**
 * "Asked only if": the item is asked when an earlier item of the survey was answered with
 * `equals` (or one of `in`), e.g. the opinion of the station only when the car was serviced
 * (如未保养“对服务站的意见”不询问 [002]). Not asked: an answer to it is refused (`not_asked`) and
 * `required` does not apply.
 */
export const askedIfSchema = z
  .strictObject({
    /** The earlier item whose answer decides. */
    item: idSchema,
    equals: askedIfValueSchema.optional(),
    in: z.array(askedIfValueSchema).min(1).max(50).optional(),
  })
  .refine((c) => (c.equals === undefined) !== (c.in === undefined), {
    message: 'exactly one of equals, in',
    path: ['equals'],
  });
/** An "asked only if" condition. */
export type AskedIf = z.infer<typeof askedIfSchema>;

/** Keys that only some kinds take, with the kinds that take them. */
const KIND_KEYS = {
  min: ['scale', 'number'],
  max: ['scale', 'number'],
  choices: ['choice'],
  satisfiedFrom: ['satisfaction'],
  integer: ['number'],
  unknownValue: ['number'],
  maxLength: ['text'],
} as const satisfies Record<string, readonly SurveyItemKind[]>;

/** One survey item. */
export const surveyItemSchema = z
  .strictObject({
    id: idSchema,
    /** Section for weighting and reports (e.g. 销售人员 salesperson). */
    section: z.string().min(1).max(100),
    text: z.string().max(500).optional(),
    /**
     * `yesNo`: process item (执行项), counts to process compliance; `scale`: a number from
     * `min` to `max` (e.g. 1–10); `recommend`: would you recommend (yes/no); `choice`: one of
     * `choices`; `text`: free text; `satisfaction`: one of the seven levels of [003]
     * ({@link SATISFACTION_LEVELS}), counted in the index like a 1–7 scale; `number`: a
     * number recorded, never scored (e.g. mileage); `phone`: a phone number, stored in E.164.
     */
    kind: z.enum(SURVEY_ITEM_KINDS),
    /** `scale`: the lowest and highest answer (both needed); `number`: optional bounds. */
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    choices: z.array(z.string().min(1).max(100)).max(50).optional(),
    /**
     * `satisfaction`: the lowest level that counts as satisfied (default `fairlySatisfied`,
     * {@link DEFAULT_SATISFIED_FROM}); an answer below it is a low item and raises the alert.
     */
    satisfiedFrom: z.enum(SATISFACTION_LEVELS).optional(),
    /** `number`: only whole numbers. */
    integer: z.boolean().optional(),
    /**
     * `number`: the value recorded when the item is asked but not answered (unknown), e.g.
     * mileage "11" when it could not be obtained (未获得车辆里程时，行驶里程填写“11” [002]).
     */
    unknownValue: z.number().finite().optional(),
    /** `text`: the longest answer, in characters (default: 4000, the longest any answer can be). */
    maxLength: z.number().int().min(1).max(4000).optional(),
    /**
     * The item must be answered when the visit is completed, if it is asked (see `askedIf`):
     * `null`, absent or blank text is refused (`required`). A `number` item with an
     * `unknownValue` is never missing.
     */
    required: z.boolean().default(false),
    /** Asked only if an earlier item was answered so (see {@link AskedIf}). */
    askedIf: askedIfSchema.optional(),
    weight: z.number().finite().positive().default(1),
    /**
     * Whether the item counts (default true): a `scale` or `satisfaction` item to the index,
     * low items and alerts; a `yesNo` item to process compliance; a `recommend` item to the
     * recommendation and its alert. An unscored item is asked and validated but counts to
     * nothing (e.g. 不在考核分之内). `choice`, `text`, `number` and `phone` items never count.
     */
    scored: z.boolean().default(true),
  })
  .superRefine((item, ctx) => {
    if (item.kind === 'scale') {
      if (item.min === undefined || item.max === undefined) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'scale items need min and max' });
      }
    }
    if (item.min !== undefined && item.max !== undefined && item.max <= item.min) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be > min' });
    }
    if (item.kind === 'choice' && (item.choices === undefined || item.choices.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choice items need choices' });
    }
    for (const [key, kinds] of Object.entries(KIND_KEYS)) {
      if (item[key as keyof typeof KIND_KEYS] !== undefined) {
        if (!(kinds as readonly string[]).includes(item.kind)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `only ${kinds.join(' and ')} items take ${key}`,
          });
        }
      }
    }
    const u = item.unknownValue;
    if (u !== undefined) {
      const problem = numberProblem(item, u);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['unknownValue'], message: problem });
      }
    }
    if (item.askedIf?.item === item.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['askedIf', 'item'],
        message: 'an item cannot decide whether it is asked itself',
      });
    }
  });
/** A survey item (input form). */
export type SurveyItemInput = z.input<typeof surveyItemSchema>;
/** A survey item. */
export type SurveyItem = z.infer<typeof surveyItemSchema>;

/** Why `askedIf` cannot match an answer to `on`, or `undefined` if the value fits its kind. */
function askedIfValueProblem(on: SurveyItem, v: boolean | number | string): string | undefined {
  switch (on.kind) {
    case 'yesNo':
    case 'recommend':
      return typeof v === 'boolean' ? undefined : `"${on.id}" is answered true or false`;
    case 'scale':
    case 'number':
      return typeof v === 'number' ? undefined : `"${on.id}" is answered with a number`;
    case 'choice':
      return typeof v === 'string' && on.choices!.includes(v)
        ? undefined
        : `not a choice of "${on.id}": ${on.choices!.join(', ')}`;
    case 'satisfaction':
      return typeof v === 'string' && (SATISFACTION_LEVELS as readonly string[]).includes(v)
        ? undefined
        : `not a satisfaction level: ${SATISFACTION_LEVELS.join(', ')}`;
    case 'text':
    case 'phone':
      return typeof v === 'string' ? undefined : `"${on.id}" is answered with text`;
  }
}

/** How scale answers become a 0–100 index. */
export const indexMethodSchema = z.discriminatedUnion('kind', [
  /** mean of answer / max × 100 */
  z.strictObject({ kind: z.literal('meanScaled') }),
  /** mean of (answer − min) / (max − min) × 100 */
  z.strictObject({ kind: z.literal('normalised') }),
  /** share of answers ≥ threshold, × 100 */
  z.strictObject({ kind: z.literal('topBox'), threshold: z.number().finite() }),
]);
/** Index method. */
export type IndexMethod = z.infer<typeof indexMethodSchema>;

/** A survey (SSI, CSI, …). Every object rejects unknown keys. */
export const surveyDefinitionSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().min(1).max(200),
    items: z.array(surveyItemSchema).min(1).max(200),
    index: indexMethodSchema.default({ kind: 'meanScaled' }),
    /** Weight items by `weight` (default) or each section equally. */
    weighting: z.enum(['item', 'section']).default('item'),
    alerts: z
      .strictObject({
        /** A scale answer at or below this raises an alert (e.g. 6 on 1–10). */
        scaleAtOrBelow: z.number().finite().optional(),
        /** An index below this raises an alert (e.g. 80). */
        indexBelow: z.number().finite().optional(),
        /** A recommend item answered "no" raises an alert. */
        notRecommended: z.boolean().default(false),
      })
      .default({ notRecommended: false }),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, SurveyItem>();
    def.items.forEach((item, i) => {
      if (seen.has(item.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'id'],
          message: `duplicate item id "${item.id}"`,
        });
      }
      const c = item.askedIf;
      if (c !== undefined) {
        const on = seen.get(c.item);
        if (on === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'askedIf', 'item'],
            message: `"${c.item}" is not an earlier item of the survey`,
          });
        } else {
          const values = c.in ?? [c.equals!];
          values.forEach((v, j) => {
            const problem = askedIfValueProblem(on, v);
            if (problem !== undefined) {
              ctx.addIssue({
                code: 'custom',
                path: ['items', i, 'askedIf', ...(c.in !== undefined ? ['in', j] : ['equals'])],
                message: problem,
              });
            }
          });
        }
      }
      seen.set(item.id, item);
    });
  });
/** A survey definition (input form). */
export type SurveyDefinitionInput = z.input<typeof surveyDefinitionSchema>;
/** A survey definition. */
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;
