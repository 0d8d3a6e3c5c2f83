import { z } from 'zod';
import type { DmsEvent } from '../model/dms-event';
import { toEpoch } from '../model/primitives';
import type { EngineContext } from './engine-context';
import { type IngestResult, ingestEvent } from './ingest';
import type { UnitOfWork } from './unit-of-work';

/** How far back from now a past event still schedules its visits, by default. */
export const DEFAULT_IMPORT_CUTOFF_DAYS = 30;

/** Options of `Engine.importHistory` (the events themselves are validated apart). */
export const importHistoryOptionsSchema = z.strictObject({
  /**
   * Events at or after this instant are ingested as usual (their visits scheduled, as if they
   * had just arrived); older ones only update customers, vehicles and history. Default: 30
   * days before the engine's clock.
   */
  scheduleFrom: z
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date')
    .optional(),
  /** Events per transaction (1 to 10,000; default 2,000). */
  batchSize: z.number().int().min(1).max(10_000).default(2_000),
});
/** What `Engine.importHistory` takes besides the events. */
export type ImportHistoryOptions = z.input<typeof importHistoryOptionsSchema>;

/** What a history import did, counted by outcome. */
export interface ImportHistoryResult {
  /** Past events applied to customers, vehicles and history, nothing scheduled. */
  readonly imported: number;
  /** Recent events ingested as usual (see `scheduleFrom`). */
  readonly ingested: number;
  /** Events already seen with the same payload (a re-run of the import). */
  readonly duplicates: number;
  /** Recent events that corrected an earlier delivery of their source id. */
  readonly corrected: number;
  /** Recent pick-ups kept until their repair order arrives. */
  readonly parked: number;
  /** The visits the recent events scheduled. */
  readonly visitIds: readonly string[];
  /** The instant that split past from recent events, ISO. */
  readonly scheduleFrom: string;
}

/**
 * Imports a dealer's history (years of deliveries, repairs, pick-ups, profile changes) on its
 * first day, oldest first whatever the order given, in transactions of `batchSize`: each past
 * event updates the customer and vehicle (last writer wins by event time), repair orders and
 * the customer's state, without scheduling visits long past; the recent ones are ingested as
 * usual. Idempotent on each event's source id, so an interrupted import is run again whole.
 */
export async function importHistory(
  run: <T>(fn: (uow: UnitOfWork) => Promise<T>) => Promise<T>,
  ctx: EngineContext,
  events: readonly DmsEvent[],
  cutoff: number,
  batchSize: number,
): Promise<Omit<ImportHistoryResult, 'scheduleFrom'>> {
  const ordered = events
    .map((event, i) => ({ event, i, at: toEpoch(event.occurredAt) }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const counts = { imported: 0, ingested: 0, duplicates: 0, corrected: 0, parked: 0 };
  const visitIds: string[] = [];
  const count = (r: IngestResult) => {
    if (r.status === 'duplicate') counts.duplicates++;
    else counts[r.status]++;
    visitIds.push(...r.visitIds);
  };
  for (let from = 0; from < ordered.length; from += batchSize) {
    const batch = ordered.slice(from, from + batchSize);
    const results = await run(async (uow) => {
      const out: IngestResult[] = [];
      for (const { event, at } of batch) out.push(await ingestEvent(uow, ctx, event, at < cutoff));
      return out;
    });
    results.forEach(count);
  }
  return { ...counts, visitIds };
}
