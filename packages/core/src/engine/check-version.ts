import { VersionConflictError } from '../errors';

/** Fails with `VERSION_CONFLICT` when the caller expected another version of the record. */
export function checkVersion(
  kind: string,
  record: { readonly id: string; readonly version: number },
  expected: number | undefined,
): void {
  if (expected !== undefined && expected !== record.version) {
    throw new VersionConflictError(kind, record.id, expected, record.version);
  }
}
