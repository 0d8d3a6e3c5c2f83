import { z } from 'zod';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { idSchema, roleIdSchema } from '../model/primitives';
import { offsetSchema } from './deadline-expression';
import { resolveOffset } from './resolve-deadline';

/** What a ladder step does when its time comes. */
export const ladderActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('warn') }),
  z.strictObject({ kind: z.literal('escalate'), tier: z.number().int().min(2).max(3) }),
  z.strictObject({ kind: z.literal('notify'), roles: z.array(roleIdSchema).min(1) }),
  z.strictObject({ kind: z.literal('reassign'), role: roleIdSchema }),
]);
/** A ladder action. */
export type LadderAction = z.infer<typeof ladderActionSchema>;

/** One step: an offset from the deadline and an action. */
export const ladderStepSchema = z.strictObject({
  id: idSchema,
  at: offsetSchema,
  action: ladderActionSchema,
});
/** A ladder step. */
export type LadderStep = z.infer<typeof ladderStepSchema>;

/** An escalation ladder: any number of steps (ids unique). */
export const ladderSchema = z
  .array(ladderStepSchema)
  .max(20)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate step id "${s.id}"` });
      seen.add(s.id);
    });
  });
/** An escalation ladder. */
export type Ladder = z.infer<typeof ladderSchema>;

/** A step with its instant. */
export interface PlannedStep {
  readonly stepId: string;
  readonly at: number;
  readonly action: LadderAction;
}

/** The steps' instants for a deadline, in firing order (by time, then by position in the ladder). */
export function planLadder(ladder: Ladder, deadline: number, cal: BusinessCalendar): PlannedStep[] {
  return ladder
    .map((s, i) => ({ stepId: s.id, at: resolveOffset(s.at, deadline, cal), action: s.action, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ i: _i, ...step }) => step);
}
