import greatWallRulePack from '../../packs/great-wall.json';
import { type Issue, RulePackError } from '../errors';
import {
  type CompiledRulePack,
  type CompileRulePackOptions,
  compileRulePack,
} from './compile-rule-pack';
import { defaultRulePack } from './default-pack';
import { checkJsonSafety } from './json-safety';
import { mergePacks } from './merge-packs';

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

/**
 * Resolves `extends` (a pack id or an inline pack object) into one merged pack.
 * Reports a cycle (`a → b → a`) or an unknown id at the `extends` path.
 */
export function resolveExtends(
  input: unknown,
  packs: Readonly<Record<string, unknown>> = SHIPPED_PACKS,
): unknown {
  const chain: unknown[] = [];
  const seen: string[] = [];
  let cur: unknown = input;
  let path: (string | number)[] = [];
  for (;;) {
    chain.push(cur);
    if (typeof cur !== 'object' || cur === null || !('extends' in cur)) break;
    const ext = (cur as { extends: unknown }).extends;
    const id = (cur as { id?: unknown }).id;
    if (typeof id === 'string') seen.push(id);
    path = [...path, 'extends'];
    if (chain.length > MAX_CHAIN) {
      throw new RulePackError([
        { path, message: `extends chain longer than ${MAX_CHAIN}`, code: 'extends_chain' },
      ]);
    }
    if (typeof ext === 'string') {
      if (seen.includes(ext)) {
        throw new RulePackError([
          { path, message: `extends cycle: ${[...seen, ext].join(' → ')}`, code: 'extends_cycle' },
        ]);
      }
      if (!Object.hasOwn(packs, ext)) {
        throw new RulePackError([
          {
            path,
            message: `unknown pack "${ext}" (known: ${Object.keys(packs).join(', ')})`,
            code: 'unknown_pack',
          },
        ]);
      }
      cur = packs[ext];
    } else if (typeof ext === 'object' && ext !== null && !Array.isArray(ext)) {
      const extId = (ext as { id?: unknown }).id;
      if (typeof extId === 'string' && seen.includes(extId)) {
        throw new RulePackError([
          {
            path,
            message: `extends cycle: ${[...seen, extId].join(' → ')}`,
            code: 'extends_cycle',
          },
        ]);
      }
      cur = ext;
    } else {
      throw new RulePackError([
        { path, message: 'must be a pack id or a pack object', code: 'invalid_extends' },
      ]);
    }
  }
  // Merge from the root base down to the input.
  let merged: unknown = chain[chain.length - 1];
  for (let i = chain.length - 2; i >= 0; i--) merged = mergePacks(merged, chain[i]);
  if (typeof merged === 'object' && merged !== null && 'extends' in merged) {
    const { extends: _e, ...rest } = merged as Record<string, unknown>;
    return rest;
  }
  return merged;
}

/**
 * Loads a rule pack from untrusted JSON: checks it is safe (no `__proto__`, bounded size and
 * depth, finite numbers), resolves `extends`, validates it, and compiles its conditions once.
 * Throws `RulePackError` (`RULE_PACK_INVALID`) with every problem and its JSON path.
 *
 * @example
 * ```ts
 * const pack = loadRulePack(JSON.parse(await readFile('my-dealer.json', 'utf8')));
 * engine.setRules(pack); // the previous pack stays in force if this throws
 * ```
 */
export function loadRulePack(input: unknown, options: LoadRulePackOptions = {}): CompiledRulePack {
  const unsafe: Issue[] = checkJsonSafety(input);
  if (unsafe.length > 0) throw new RulePackError(unsafe);
  const packs = { ...SHIPPED_PACKS, ...options.packs };
  for (const [id, p] of Object.entries(options.packs ?? {})) {
    const bad = checkJsonSafety(p);
    if (bad.length > 0) {
      throw new RulePackError(bad.map((i) => ({ ...i, path: [`packs.${id}`, ...i.path] })));
    }
  }
  return compileRulePack(resolveExtends(input, packs), options);
}
