import { initialSchema } from './0001-initial-schema';
import { timersInDueOrder } from './0002-timers-in-due-order';
import { sourceFingerprints } from './0003-source-fingerprints';
import { workListsAndLookupKeys } from './0004-work-lists-and-lookup-keys';
import { leanWriteSet } from './0005-lean-write-set';
import { customerRecordsInIdOrder } from './0006-customer-records-in-id-order';
import type { Migration } from './migration';

/** Every migration this release ships, in order. Append only; never edit a released one. */
export const migrations: readonly Migration[] = [
  initialSchema,
  timersInDueOrder,
  sourceFingerprints,
  workListsAndLookupKeys,
  leanWriteSet,
  customerRecordsInIdOrder,
];

/** The schema version this release writes: the last migration's version. */
export const SQLITE_SCHEMA_VERSION: number = migrations[migrations.length - 1]?.version ?? 0;
