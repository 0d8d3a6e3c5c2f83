import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawSample } from '../../src';

const candidates = (n: number, groups: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `ro-${i}`, group: `sa-${i % groups}` }));

describe('survey sampling', () => {
  it('takes N per advisor, all of an advisor with fewer', () => {
    const pool = [...candidates(40, 2), { id: 'only', group: 'sa-new' }];
    const s = drawSample(pool, { perGroup: 10, seed: 'bj-01', period: '2026-03' });
    expect([...s.keys()]).toEqual(['sa-0', 'sa-1', 'sa-new']);
    expect(s.get('sa-0')).toHaveLength(10);
    expect(s.get('sa-new')?.map((c) => c.id)).toEqual(['only']);
  });

  it('is reproducible and independent of input order; another period or seed draws afresh', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(candidates(60, 3), { minLength: 60, maxLength: 60 }),
        (shuffled) => {
          const a = drawSample(candidates(60, 3), { perGroup: 5, seed: 's', period: '2026-03' });
          const b = drawSample(shuffled, { perGroup: 5, seed: 's', period: '2026-03' });
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 20 },
    );
    const march = drawSample(candidates(60, 1), { perGroup: 5, seed: 's', period: '2026-03' });
    const april = drawSample(candidates(60, 1), { perGroup: 5, seed: 's', period: '2026-04' });
    expect(april.get('sa-0')).not.toEqual(march.get('sa-0'));
  });

  it('is unbiased: over many seeds each candidate is drawn about equally often', () => {
    const pool = candidates(20, 1);
    const hits = new Map(pool.map((c) => [c.id, 0]));
    const runs = 4000;
    for (let i = 0; i < runs; i++) {
      for (const c of drawSample(pool, { perGroup: 5, seed: `seed-${i}`, period: 'p' }).get(
        'sa-0',
      )!) {
        hits.set(c.id, hits.get(c.id)! + 1);
      }
    }
    // Expected 1000 each (5/20 × 4000); a binomial sd is ~27, so ±150 is > 5 sd.
    for (const n of hits.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('counts a customer once even if listed twice', () => {
    const s = drawSample(
      [
        { id: 'a', group: 'g' },
        { id: 'a', group: 'g' },
      ],
      { perGroup: 5, seed: 's', period: 'p' },
    );
    expect(s.get('g')).toHaveLength(1);
  });
});
