import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatString } from '../src/flat-string';
import { frozenCopy } from '../src/frozen-copy';

function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

describe('frozenCopy', () => {
  it('copies any JSON value, deeply frozen, keys in their order, the original untouched', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        const copy = frozenCopy(value);
        expect(JSON.stringify(copy)).toBe(before);
        expect(deeplyFrozen(copy)).toBe(true);
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
        expect(JSON.stringify(value)).toBe(before);
      }),
    );
  });

  it('leaves out undefined values and keeps an own __proto__ key as data, small or large', () => {
    for (const extra of [{}, { c: 3, d: 4, e: 5, f: 6 }]) {
      const source = JSON.parse(`{"__proto__": {"polluted": true}, "a": 1, "b": null}`);
      Object.assign(source, extra, { gone: undefined });
      const copy = frozenCopy(source) as Record<string, unknown>;
      expect(Object.keys(copy)).toEqual(['__proto__', 'a', 'b', ...Object.keys(extra)]);
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('shares parts that are already frozen', () => {
    const shared = frozenCopy({ at: '2026-03-02T01:00:00.000Z', steps: [1, 2] });
    const copy = frozenCopy({ a: 1, b: 2, c: 3, d: 4, e: 5, shared }) as { shared: unknown };
    expect(copy.shared).toBe(shared);
  });
});

describe('flatString', () => {
  it('is the same text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(flatString(`${a}\u0000${b}`)).toBe(`${a}\u0000${b}`);
      }),
    );
  });
});
