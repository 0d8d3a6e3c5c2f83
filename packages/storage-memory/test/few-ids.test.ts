import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FewIds, listOf, withId, withoutId } from '../src/few-ids';

describe('FewIds', () => {
  it('holds what a set would, one id as itself and more at their exact length', () => {
    const op = fc.record({ add: fc.boolean(), id: fc.constantFrom('a', 'b', 'c', 'd') });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let ids: FewIds | undefined;
        const model = new Set<string>();
        for (const { add, id } of ops) {
          if (add) {
            ids = withId(ids, id);
            model.add(id);
          } else if (ids !== undefined) {
            ids = withoutId(ids, id);
            model.delete(id);
          }
          expect([...listOf(ids)].sort()).toEqual([...model].sort());
          if (model.size === 0) expect(ids).toBeUndefined();
          if (model.size === 1) expect(typeof ids).toBe('string');
        }
      }),
    );
  });
});
