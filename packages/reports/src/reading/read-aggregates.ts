import {
  type AggregateByKind,
  decodeRecord,
  type StorageAdapter,
  type StoredRecord,
} from '@dealercare/core';

/** The record kinds reports read. */
export type ReportKind = 'visit' | 'complaint' | 'opinionCase';

/** Options of {@link readAggregates}. */
export interface ReadOptions {
  /** Rows per page (default 1000). Memory use is one page, whatever the table size. */
  readonly pageSize?: number;
  /** Only records in these states (pushed down to the adapter). */
  readonly status?: string | readonly string[];
  /**
   * Skip schema validation of stored rows. Default: the adapter's
   * {@link StorageAdapter.trusted | trusted} flag (memory: rows are taken as stored; SQLite or
   * your own adapter: every row goes through `decodeRecord`, so a corrupt row fails the report
   * with a `ValidationError`). Set `true` for a file only the engine writes, when a large report
   * must be fast. Rows are then used as stored, without a copy; the aggregate's `version` is the
   * one inside the JSON.
   */
  readonly trustStorage?: boolean;
}

function decode<K extends ReportKind>(
  kind: K,
  record: StoredRecord,
  trust: boolean,
): AggregateByKind[K] {
  if (!trust) return decodeRecord(kind, record);
  // As stored: no copy (the `version` inside is the one the engine wrote, not the row's).
  return record.data as unknown as AggregateByKind[K];
}

/** One page: the stored rows and, at the same index, their aggregates. */
export interface RecordPage<K extends ReportKind> {
  readonly rows: readonly StoredRecord[];
  readonly aggregates: readonly AggregateByKind[K][];
}

/**
 * Like {@link readPages}, with the stored rows beside the aggregates: their columns (`dueAt`,
 * `status`, …) are already numbers and strings, so a report can use them without parsing.
 */
export async function* readRecordPages<K extends ReportKind>(
  storage: StorageAdapter,
  kind: K,
  dealerId: string,
  options: ReadOptions = {},
): AsyncGenerator<RecordPage<K>> {
  const limit = options.pageSize ?? 1000;
  const trust = options.trustStorage ?? storage.trusted === true;
  let afterId: string | undefined;
  for (;;) {
    const rows = await storage.transaction((tx) =>
      tx.query({
        kind,
        dealerId,
        limit,
        ...(afterId !== undefined ? { afterId } : {}),
        ...(options.status !== undefined ? { status: options.status } : {}),
      }),
    );
    if (rows.length > 0) {
      yield { rows, aggregates: rows.map((record) => decode(kind, record, trust)) };
    }
    if (rows.length < limit) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

/**
 * Streams one dealer's records of a kind through the read port, page by page with keyset
 * pagination (`afterId`), each page in its own short transaction. Only one page is in memory.
 * Yields whole pages (decoded), which is cheaper per row than {@link readAggregates}.
 */
export async function* readPages<K extends ReportKind>(
  storage: StorageAdapter,
  kind: K,
  dealerId: string,
  options: ReadOptions = {},
): AsyncGenerator<readonly AggregateByKind[K][]> {
  for await (const page of readRecordPages(storage, kind, dealerId, options)) {
    yield page.aggregates;
  }
}

/** Like {@link readPages}, one record at a time. */
export async function* readAggregates<K extends ReportKind>(
  storage: StorageAdapter,
  kind: K,
  dealerId: string,
  options: ReadOptions = {},
): AsyncGenerator<AggregateByKind[K]> {
  for await (const page of readPages(storage, kind, dealerId, options)) yield* page;
}
