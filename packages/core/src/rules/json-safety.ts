import type { Issue } from '../errors';

/** Limits on untrusted JSON (rule packs, events read from files). */
export interface JsonLimits {
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxKeys: number;
  readonly maxStringLength: number;
}

/** Generous for real packs, far below what could hurt the process. */
export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: 32,
  maxArrayLength: 10_000,
  maxKeys: 1_000,
  maxStringLength: 100_000,
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks untrusted JSON before anything else looks at it: keys that could pollute prototypes
 * (`__proto__`, `constructor`, `prototype`), nesting, huge arrays and strings, non-finite
 * numbers, and values JSON cannot hold. Returns every problem with its path; never throws,
 * never recurses past `maxDepth`.
 */
export function checkJsonSafety(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): Issue[] {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) => {
    if (issues.length < 100) issues.push({ path, message, code: 'unsafe_json' });
  };
  const walk = (v: unknown, path: (string | number)[], depth: number): void => {
    if (depth > limits.maxDepth) {
      add(path, `nested deeper than ${limits.maxDepth} levels`);
      return;
    }
    if (v === null || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) add(path, 'must be a finite number');
      return;
    }
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength)
        add(path, `string longer than ${limits.maxStringLength}`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) {
        add(path, `array longer than ${limits.maxArrayLength}`);
        return;
      }
      for (const [i, x] of v.entries()) walk(x, [...path, i], depth + 1);
      return;
    }
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        add(path, 'must be a plain JSON object');
        return;
      }
      const keys = Reflect.ownKeys(v);
      if (keys.length > limits.maxKeys) {
        add(path, `object with more than ${limits.maxKeys} keys`);
        return;
      }
      for (const k of keys) {
        if (typeof k === 'symbol') {
          add(path, 'symbol keys are not JSON');
          continue;
        }
        if (FORBIDDEN_KEYS.has(k)) {
          add([...path, k], `key "${k}" is not allowed`);
          continue;
        }
        walk((v as Record<string, unknown>)[k], [...path, k], depth + 1);
      }
      return;
    }
    add(path, `${typeof v} is not JSON`);
  };
  walk(value, [], 0);
  return issues;
}
