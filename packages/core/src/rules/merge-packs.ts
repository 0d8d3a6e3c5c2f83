import { type Issue, RulePackError } from '../errors';
import {
  below,
  childOf,
  issueAt,
  type PackLocation,
  type Provenance,
  writtenAt,
} from './pack-provenance';

/**
 * How a pack that `extends` another is merged over it:
 *
 * - objects merge key by key, recursively;
 * - arrays whose elements all have an `id` merge **by id**: an element with a known id is
 *   merged into the base element (in the base's position), a new id is appended, and an
 *   element `{ "id": "x", "$remove": true }` removes `x`;
 * - any other array, and any scalar, replaces the base value;
 * - `extends` itself is not inherited.
 *
 * Nothing is dropped silently: removing an id the base does not have, a removal that carries
 * anything besides its id, `$remove` other than `true`, and one id twice in the same list are
 * errors (`RulePackError`, paths relative to `override`).
 *
 * The result is a fresh object; neither input is modified.
 */
export function mergePacks(base: unknown, override: unknown): unknown {
  const issues: Issue[] = [];
  const at: PackLocation = { packId: undefined, path: [] };
  const { value } = mergeTraced(base, writtenAt(at), override, at, issues);
  if (issues.length > 0) throw new RulePackError(issues);
  return value;
}

/** A merged value and where each part of it came from. */
export interface Traced {
  readonly value: unknown;
  readonly provenance: Provenance;
}

/**
 * {@link mergePacks} that also records provenance: `baseProvenance` says where the base's parts
 * were written, `at` where `override` is. Problems are added to `issues` at their written place.
 */
export function mergeTraced(
  base: unknown,
  baseProvenance: Provenance,
  override: unknown,
  at: PackLocation,
  issues: Issue[],
): Traced {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = Object.create(null);
    const children = new Map<string | number, Provenance>();
    for (const [k, v] of Object.entries(base)) {
      if (k === 'extends') continue;
      out[k] = v;
      children.set(k, childOf(baseProvenance, k));
    }
    for (const [k, v] of Object.entries(override)) {
      const kAt = below(at, k);
      if (k in out) {
        const merged = mergeTraced(out[k], children.get(k)!, v, kAt, issues);
        out[k] = merged.value;
        children.set(k, merged.provenance);
      } else {
        noRemovals(v, kAt, issues);
        out[k] = v;
        children.set(k, writtenAt(kAt));
      }
    }
    return { value: { ...out }, provenance: { kind: 'merged', at, children } };
  }
  if (Array.isArray(base) && Array.isArray(override) && keyedById(base) && keyedById(override)) {
    const result: Array<{ id: string }> = base.map((x) => ({ ...x }));
    const provenances = base.map((_, i) => childOf(baseProvenance, i));
    const seen = new Set<string>();
    override.forEach((item, j) => {
      const jAt = below(at, j);
      if (seen.has(item.id)) {
        const message = `duplicate id "${item.id}": merge both into one element`;
        issues.push(issueAt(below(jAt, 'id'), message, 'duplicate'));
        return;
      }
      seen.add(item.id);
      const found = result.findIndex((x) => x.id === item.id);
      if (Object.hasOwn(item, '$remove')) {
        if (!validRemoval(item, jAt, issues)) return;
        if (found < 0) {
          const message = `cannot remove "${item.id}": the base has no element with this id`;
          issues.push(issueAt(below(jAt, 'id'), message, 'unknown_id'));
        } else {
          result.splice(found, 1);
          provenances.splice(found, 1);
        }
      } else if (found >= 0) {
        const merged = mergeTraced(result[found], provenances[found]!, item, jAt, issues);
        result[found] = merged.value as { id: string };
        provenances[found] = merged.provenance;
      } else {
        result.push(item);
        provenances.push(writtenAt(jAt));
      }
    });
    const children = new Map<string | number, Provenance>(provenances.map((p, i) => [i, p]));
    return { value: result, provenance: { kind: 'merged', at, children } };
  }
  noRemovals(override, at, issues);
  return { value: override, provenance: writtenAt(at) };
}

/** A removal is exactly `{ "id": …, "$remove": true }`. */
function validRemoval(item: Record<string, unknown>, at: PackLocation, issues: Issue[]): boolean {
  const before = issues.length;
  if (item.$remove !== true) {
    const message = 'must be true (to keep the element, leave $remove out)';
    issues.push(issueAt(below(at, '$remove'), message, 'invalid_value'));
  }
  for (const k of Object.keys(item)) {
    if (k === 'id' || k === '$remove') continue;
    const message = `unknown key "${k}": a removal holds only id and $remove`;
    issues.push(issueAt(below(at, k), message, 'unrecognized_keys'));
  }
  return issues.length === before;
}

/** `$remove` where the base has no list of elements with ids to remove from. */
function noRemovals(value: unknown, at: PackLocation, issues: Issue[]): void {
  if (!Array.isArray(value)) return;
  value.forEach((item, j) => {
    if (!isPlainObject(item) || !Object.hasOwn(item, '$remove')) return;
    const message = `cannot remove "${String(item.id)}": the base has no list of elements with ids here`;
    issues.push(issueAt(below(below(at, j), 'id'), message, 'unknown_id'));
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyedById(a: unknown[]): a is Array<{ id: string } & Record<string, unknown>> {
  return a.length > 0 && a.every((x) => isPlainObject(x) && typeof x.id === 'string');
}
