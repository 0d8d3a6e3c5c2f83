import greatWallRulePack from '../../packs/great-wall.json';
import { type Issue, RulePackError } from '../errors';
import {
  type CompiledRulePack,
  type CompileRulePackOptions,
  compileRulePack,
} from './compile-rule-pack';
import { defaultRulePack } from './default-pack';
import { checkJsonSafety } from './json-safety';
import { mergeTraced } from './merge-packs';
import {
  below,
  issueAt,
  locateIssue,
  type PackLocation,
  type Provenance,
  writtenAt,
} from './pack-provenance';

/** Options of {@link loadRulePack}. */
export interface LoadRulePackOptions extends CompileRulePackOptions {
  /** Packs that `extends` may name by id, besides the shipped ones (`default`, `great-wall`). */
  readonly packs?: Readonly<Record<string, unknown>>;
}

/** Packs shipped with the library, by id. */
export const SHIPPED_PACKS: Readonly<Record<string, unknown>> = {
  default: defaultRulePack,
  'great-wall': greatWallRulePack,
};

const MAX_CHAIN = 16;

/** One pack of an `extends` chain and where it is written. */
interface Layer {
  readonly pack: unknown;
  readonly at: PackLocation;
}

/** A pack merged over its bases, and where each of its parts was written. */
interface ResolvedPack {
  readonly pack: unknown;
  readonly provenance: Provenance;
}

/**
 * Resolves `extends` (a pack id or an inline pack object) into one merged pack.
 * Reports a cycle (`a → b → a`) or an unknown id at the `extends` path.
 */
export function resolveExtends(
  input: unknown,
  packs: Readonly<Record<string, unknown>> = SHIPPED_PACKS,
): unknown {
  return resolveTraced(input, packs).pack;
}

/**
 * The chain from `input` down to its root base. A pack named in `extends` is written at its
 * own root under its name; an inline base is part of the file that holds it, under `extends`.
 */
function extendsChain(input: unknown, packs: Readonly<Record<string, unknown>>): Layer[] {
  const id = isPlainObject(input) && typeof input.id === 'string' ? input.id : undefined;
  const chain: Layer[] = [{ pack: input, at: { packId: id, path: [] } }];
  const seen: string[] = [];
  for (;;) {
    const { pack: cur, at } = chain[chain.length - 1]!;
    if (!isPlainObject(cur) || !('extends' in cur)) return chain;
    const ext = cur.extends;
    if (typeof cur.id === 'string') seen.push(cur.id);
    const extAt = below(at, 'extends');
    const fail = (message: string, code: string): never => {
      throw new RulePackError([issueAt(extAt, message, code)]);
    };
    if (chain.length > MAX_CHAIN) fail(`extends chain longer than ${MAX_CHAIN}`, 'extends_chain');
    if (typeof ext === 'string') {
      if (seen.includes(ext)) fail(`extends cycle: ${[...seen, ext].join(' → ')}`, 'extends_cycle');
      if (!Object.hasOwn(packs, ext)) {
        fail(`unknown pack "${ext}" (known: ${Object.keys(packs).join(', ')})`, 'unknown_pack');
      }
      chain.push({ pack: packs[ext], at: { packId: ext, path: [] } });
    } else if (isPlainObject(ext)) {
      if (typeof ext.id === 'string' && seen.includes(ext.id)) {
        fail(`extends cycle: ${[...seen, ext.id].join(' → ')}`, 'extends_cycle');
      }
      chain.push({ pack: ext, at: extAt });
    } else {
      fail('must be a pack id or a pack object', 'invalid_extends');
    }
  }
}

/** {@link resolveExtends}, keeping where each part of the merged pack was written. */
function resolveTraced(input: unknown, packs: Readonly<Record<string, unknown>>): ResolvedPack {
  const chain = extendsChain(input, packs);
  const root = chain[chain.length - 1]!;
  let merged: unknown = root.pack;
  let provenance = writtenAt(root.at);
  const issues: Issue[] = [];
  // Merge from the root base down to the input.
  for (let i = chain.length - 2; i >= 0; i--) {
    const layer = chain[i]!;
    ({ value: merged, provenance } = mergeTraced(merged, provenance, layer.pack, layer.at, issues));
  }
  if (issues.length > 0) throw new RulePackError(issues);
  if (isPlainObject(merged) && 'extends' in merged) {
    const { extends: _e, ...rest } = merged;
    return { pack: rest, provenance };
  }
  return { pack: merged, provenance };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Loads a rule pack from untrusted JSON: checks it is safe (no `__proto__`, bounded size and
 * depth, finite numbers), resolves `extends`, validates it, and compiles its conditions once.
 * Throws `RulePackError` (`RULE_PACK_INVALID`) with every problem; each issue names the pack
 * it is in (`packId`) and its path in that pack's own JSON — for a dealer's override, the file
 * the dealer wrote, not the merged pack.
 *
 * @example
 * ```ts
 * const pack = loadRulePack(JSON.parse(await readFile('my-dealer.json', 'utf8')));
 * engine.setRules(pack); // the previous pack stays in force if this throws
 * ```
 */
export function loadRulePack(input: unknown, options: LoadRulePackOptions = {}): CompiledRulePack {
  const id = isPlainObject(input) && typeof input.id === 'string' ? input.id : undefined;
  const unsafe: Issue[] = checkJsonSafety(input);
  if (unsafe.length > 0) throw new RulePackError(unsafe.map((i) => inPack(i, id)));
  const packs = { ...SHIPPED_PACKS, ...options.packs };
  for (const [name, p] of Object.entries(options.packs ?? {})) {
    const bad = checkJsonSafety(p);
    if (bad.length > 0) throw new RulePackError(bad.map((i) => inPack(i, name)));
  }
  const { pack, provenance } = resolveTraced(input, packs);
  try {
    return compileRulePack(pack, options);
  } catch (e) {
    // Point every problem at the pack and path it was written in, not into the merged pack.
    if (e instanceof RulePackError) {
      throw new RulePackError(e.issues.map((i) => locateIssue(provenance, i)));
    }
    throw e;
  }
}

function inPack(issue: Issue, packId: string | undefined): Issue {
  return packId === undefined ? issue : { ...issue, packId };
}
