export * from './command-schemas';
export * from './create-engine';
export * from './engine-events';
export type { IngestResult } from './ingest';
export type { TickResult } from './tick';
export { type AggregateByKind, decodeRecord, encodeRecord } from './record-codec';
export { ERASED, type ErasureReceipt } from './erasure';
