import { initialSchema } from './0001-initial-schema';
import { eventsInCommitOrder } from './0002-events-in-commit-order';
import { workListsAndLookupKeys } from './0003-work-lists-and-lookup-keys';
import type { Migration } from './migration';

/** Every migration this release ships, in order. Append only; never edit a released one. */
export const migrations: readonly Migration[] = [
  initialSchema,
  eventsInCommitOrder,
  workListsAndLookupKeys,
];

/** The schema version this release writes: the last migration's version. */
export const POSTGRES_SCHEMA_VERSION: number = migrations[migrations.length - 1]?.version ?? 0;
