import { z } from 'zod';
import { idSchema } from '../model/primitives';

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
     * `choices`; `text`: free text.
     */
    kind: z.enum(['yesNo', 'scale', 'recommend', 'choice', 'text']),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    choices: z.array(z.string().min(1).max(100)).max(50).optional(),
    weight: z.number().finite().positive().default(1),
    /**
     * Whether the item counts (default true): a `scale` item to the index, low items and
     * alerts; a `yesNo` item to process compliance; a `recommend` item to the recommendation
     * and its alert. An unscored item is asked and validated but counts to nothing
     * (e.g. 不在考核分之内). `choice` and `text` items never count.
     */
    scored: z.boolean().default(true),
  })
  .superRefine((item, ctx) => {
    if (item.kind === 'scale') {
      if (item.min === undefined || item.max === undefined) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'scale items need min and max' });
      } else if (item.max <= item.min) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be > min' });
      }
    }
    if (item.kind === 'choice' && (item.choices === undefined || item.choices.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choice items need choices' });
    }
  });
/** A survey item. */
export type SurveyItem = z.infer<typeof surveyItemSchema>;

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
export const surveyDefinitionSchema = z.strictObject({
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
});
/** A survey definition (input form). */
export type SurveyDefinitionInput = z.input<typeof surveyDefinitionSchema>;
/** A survey definition. */
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;
