import { z } from 'zod';
import { actorRefSchema } from './actor';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema, roleIdSchema } from './primitives';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a local date YYYY-MM-DD');

/**
 * A period a report covers, in the dealer's local calendar: one working day, a week (Monday to
 * Sunday) or a month. `key` names it uniquely per cadence: `day:2026-03-02`, `week:2026-03-02`
 * (its Monday), `month:2026-03`.
 */
export const reportPeriodSchema = z.strictObject({
  key: z.string().min(1).max(40),
  /** First local date of the period. */
  from: localDate,
  /** Last local date of the period (inclusive). */
  to: localDate,
});
/** A report period. */
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

/** States of a report cadence: announcing its periods, or stopped (its pack entry was removed). */
export const REPORT_CADENCE_STATES = ['active', 'stopped'] as const;

/**
 * The durable tracker of one pack `cadence` entry for one dealer: the next period to announce
 * and when it is due. `tick` fires its timer, announces `report.due` for that period and moves
 * it on to the following period, so each period is announced once, also across restarts and
 * processes (the timer is claimed). The id is the pack entry's `id`.
 */
export const reportCadenceSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  /** The report kind (`csi-daily`, `opinion-weekly`, …) from the pack entry. */
  report: idSchema,
  /** The pack the schedule was last read from (`CompiledRulePack.hash`). */
  rulesVersion: z.string().max(64),
  /** The next period to announce, with its due instant and when it is announced. */
  next: z.strictObject({
    period: reportPeriodSchema,
    dueAt: instantSchema,
    announceAt: instantSchema,
  }),
  /** The last period announced (its key), if any. */
  lastAnnounced: z.string().max(40).optional(),
  state: z.enum(REPORT_CADENCE_STATES),
  version: z.number().int().nonnegative(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A report cadence tracker. */
export type ReportCadence = z.infer<typeof reportCadenceSchema>;

/**
 * The general manager's signature on a week's opinion-case list (每周五…总经理签字确认 [000]):
 * one per dealer and week, id `opinion-weekly:<Monday>`. Signing twice is refused.
 */
export const reportSignOffSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  report: idSchema,
  period: reportPeriodSchema,
  /** The opinion cases on the list when it was signed. */
  caseIds: z.array(idSchema).max(10_000),
  /** The role that signed (the pack's `opinion.weeklyList.signedBy`). */
  role: roleIdSchema,
  signedBy: actorRefSchema,
  signedAt: instantSchema,
  /** The GM's suggestions for improving the work (总经理提出的建议). */
  note: z.string().max(4000).optional(),
  state: z.enum(['signed']),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A signed report (the GM's sign-off of a week's opinion list). */
export type ReportSignOff = z.infer<typeof reportSignOffSchema>;
