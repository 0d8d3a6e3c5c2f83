/** A statement the adapter runs: its SQL and, for statements run often, a name to prepare it under. */
export interface Statement {
  /** Name of the prepared statement on each connection; `undefined` runs it unprepared. */
  readonly name?: string | undefined;
  readonly text: string;
}

/** Rows a statement returned and how many rows it wrote (or returned). */
export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** One connection, held for one transaction (or one migration). */
export interface Session {
  /** Runs one statement with its parameters (`$1`, `$2`, … in the SQL). */
  query<R = Record<string, unknown>>(
    statement: Statement,
    values?: readonly unknown[],
  ): Promise<QueryResult<R>>;
  /** Runs SQL text without parameters; it may hold several statements (migrations). */
  script(text: string): Promise<void>;
}

/** A connection taken from the pool; give it back with {@link Lease.release}. */
export interface Lease extends Session {
  /**
   * Returns the connection to the pool. With an error, the connection is closed instead (it
   * lost its server, or its state is unknown).
   */
  release(broken?: unknown): void;
  /** The error the connection reported while held (e.g. it was terminated), if any. */
  readonly lost: unknown;
}

/** The pool of connections the adapter takes its sessions from. */
export interface ConnectionPool {
  acquire(): Promise<Lease>;
  /** Closes every connection; waits for those held to be released. */
  end(): Promise<void>;
}
