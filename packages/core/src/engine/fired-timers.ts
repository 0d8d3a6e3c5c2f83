import type { TimerRecord } from '../storage/storage-port';

/** How many fired timers an item remembers (the newest). */
const KEPT = 32;

/** The key of a timer as fired: its name at its due time. */
export function firedKey(t: Pick<TimerRecord, 'name' | 'dueAt'>): string {
  return `${t.name}@${t.dueAt}`;
}

/**
 * The timers an item should have, without the ones it has already fired. An item's timers are
 * rebuilt whenever it changes; without this, a warning or breach fired by one process would be
 * put back (still due) by another process that changed the item afterwards, and fire twice.
 */
export function unfired(
  timers: readonly TimerRecord[],
  fired: readonly string[] | undefined,
): TimerRecord[] {
  if (fired === undefined || fired.length === 0) return [...timers];
  return timers.filter((t) => !fired.includes(firedKey(t)));
}

/** `fired` with a timer added (bounded: the oldest are forgotten). */
export function withFired(fired: readonly string[] | undefined, t: TimerRecord): string[] {
  return [...(fired ?? []).filter((k) => k !== firedKey(t)), firedKey(t)].slice(-KEPT);
}
