import type { Clock } from './clock';

/** A clock that moves only when told to: for tests and simulations. */
export interface FakeClock extends Clock {
  /** Jumps to an instant (ISO string or Date). Moving backwards is allowed. */
  set(at: string | Date): void;
  /** Moves forward by a duration. */
  advance(by: { minutes?: number; hours?: number; days?: number }): void;
}

/**
 * Creates a {@link FakeClock} starting at `start`.
 *
 * @example
 * ```ts
 * const clock = createFakeClock('2026-02-10T09:00:00+08:00');
 * clock.advance({ hours: 3 });
 * ```
 */
export function createFakeClock(start: string | Date): FakeClock {
  let now = new Date(start).getTime();
  if (Number.isNaN(now)) throw new RangeError(`createFakeClock: invalid start ${String(start)}`);
  return {
    now: () => new Date(now),
    set(at) {
      const t = new Date(at).getTime();
      if (Number.isNaN(t)) throw new RangeError(`FakeClock.set: invalid instant ${String(at)}`);
      now = t;
    },
    advance({ minutes = 0, hours = 0, days = 0 }) {
      now += ((days * 24 + hours) * 60 + minutes) * 60_000;
    },
  };
}
