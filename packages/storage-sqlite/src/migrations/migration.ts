/** One step of the schema: applied once, in order, inside the opening transaction. */
export interface Migration {
  /** 1, 2, 3, … — the schema version after this step. Never renumbered once released. */
  readonly version: number;
  /** Short kebab-case description, recorded in `dealercare_migrations`. */
  readonly name: string;
  /** The SQL of the step (DDL and data moves; no parameters). */
  readonly up: string;
}
