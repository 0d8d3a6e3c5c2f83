/** One step of the schema: applied once, in order, inside one transaction with the others. */
export interface Migration {
  /** 1, 2, 3, … — the schema version after this step. Never renumbered once released. */
  readonly version: number;
  /** Short kebab-case description, recorded in `dealercare_migrations`. */
  readonly name: string;
  /**
   * The SQL of the step for a schema (DDL and data moves; no parameters). `s` is the schema's
   * quoted name, to qualify every table with: `${s}.records`.
   */
  readonly up: (s: string) => string;
}
