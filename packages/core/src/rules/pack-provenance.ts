import type { Issue } from '../errors';

type Path = readonly (string | number)[];

/** A place in the JSON an integrator wrote: a pack (by id, when it has one) and a path in it. */
export interface PackLocation {
  readonly packId: string | undefined;
  readonly path: Path;
}

/**
 * Where each part of a merged pack came from. `from`: the whole value is one pack's, at `at`.
 * `merged`: an object or id-keyed array built from several packs; `children` say where each key
 * or element came from, and `at` is where the most derived pack wrote this value.
 */
export type Provenance =
  | { readonly kind: 'from'; readonly at: PackLocation }
  | {
      readonly kind: 'merged';
      readonly at: PackLocation;
      readonly children: ReadonlyMap<string | number, Provenance>;
    };

/** Provenance of a value that one pack wrote whole. */
export function writtenAt(at: PackLocation): Provenance {
  return { kind: 'from', at };
}

/** `at` one step further down. */
export function below(at: PackLocation, key: string | number): PackLocation {
  return { packId: at.packId, path: [...at.path, key] };
}

/** The provenance of `prov`'s key or element `key`. */
export function childOf(prov: Provenance, key: string | number): Provenance {
  if (prov.kind === 'merged') {
    const child = prov.children.get(key);
    if (child !== undefined) return child;
  }
  return writtenAt(below(prov.at, key));
}

/**
 * Where a path of the merged pack is in the JSON that was written: followed as far as the
 * merge recorded; beyond that (a key nobody wrote, such as a missing required one), below the
 * most derived pack that wrote the enclosing value.
 */
export function locate(prov: Provenance, path: Path): PackLocation {
  let node = prov;
  let i = 0;
  while (i < path.length && node.kind === 'merged') {
    const child = node.children.get(path[i]!);
    if (child === undefined) break;
    node = child;
    i++;
  }
  return { packId: node.at.packId, path: [...node.at.path, ...path.slice(i)] };
}

/** An issue found in a merged pack, pointed at the pack and path it was written in. */
export function locateIssue(prov: Provenance, issue: Issue): Issue {
  const { packId, path } = locate(prov, issue.path);
  return { ...issue, path, ...(packId === undefined ? {} : { packId }) };
}

/** An issue at a written location. */
export function issueAt(at: PackLocation, message: string, code: string): Issue {
  return {
    path: at.path,
    message,
    code,
    ...(at.packId === undefined ? {} : { packId: at.packId }),
  };
}
