export * from './command-schemas';
export * from './create-engine';
export * from './engine-event-data';
export * from './engine-events';
export { ERASED, type ErasureReceipt } from './erasure';
export type {
  EventHandler,
  Unsubscribe,
  WildcardEventHandler,
} from './event-bus';
export type { IngestResult } from './ingest';
export type { CalendarConfirmation, RecomputeCount, RecomputeResult } from './recompute';
export {
  type AggregateByKind,
  type DecodeOptions,
  decodeRecord,
  encodeRecord,
} from './record-codec';
export type { TickResult } from './tick';
