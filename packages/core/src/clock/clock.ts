/**
 * Where the engine gets "now". Nothing in core reads the wall clock except
 * {@link systemClock}; tests and simulations inject a fake clock.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
};
