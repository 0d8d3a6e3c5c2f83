import { describe, expect, it } from 'vitest';
import {
  defaultRulePack,
  loadRulePack,
  mergePacks,
  type RulePackError,
  resolveExtends,
} from '../../src';

function errorOf(fn: () => unknown): RulePackError {
  try {
    fn();
  } catch (e) {
    return e as RulePackError;
  }
  throw new Error('expected RULE_PACK_INVALID');
}

describe('loading packs from untrusted JSON', () => {
  it('rejects prototype-polluting keys without polluting anything', () => {
    const hostile = JSON.parse(
      '{"id":"x","extends":"default","__proto__":{"polluted":true},"visits":[{"constructor":{"prototype":{"bad":1}}}]}',
    );
    const err = errorOf(() => loadRulePack(hostile));
    expect(err.code).toBe('RULE_PACK_INVALID');
    expect(err.issues.map((i) => i.path.join('.'))).toEqual(['__proto__', 'visits.0.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bad).toBeUndefined();
  });

  it('rejects huge nesting, huge arrays and non-finite numbers', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(errorOf(() => loadRulePack(deep)).issues[0]?.message).toMatch(/nested deeper than 32/);
    expect(
      errorOf(() => loadRulePack({ visits: new Array(20_000).fill(0) })).issues[0]?.path,
    ).toEqual(['visits']);
    expect(
      errorOf(() => loadRulePack({ ...defaultRulePack, version: Number.NaN })).issues[0],
    ).toMatchObject({ path: ['version'], message: 'must be a finite number' });
  });

  it('reports extends cycles and unknown bases at the extends path', () => {
    const packs = { a: { id: 'a', extends: 'b' }, b: { id: 'b', extends: 'a' } };
    expect(errorOf(() => loadRulePack({ id: 'mine', extends: 'a' }, { packs })).message).toContain(
      'extends cycle: mine → a → b → a',
    );
    expect(errorOf(() => loadRulePack({ id: 'mine', extends: 'nope' })).issues[0]).toMatchObject({
      path: ['extends'],
      code: 'unknown_pack',
    });
  });

  it('merges a dealer override over its base: objects by key, id-keyed arrays by id', () => {
    const pack = loadRulePack({
      id: 'bj-01',
      version: '2026.1',
      extends: 'default',
      visits: [
        { id: 'post-repair-special', visit: { window: { workingDays: 3 } } },
        { id: 'post-repair-general', $remove: true },
        {
          id: 'birthday',
          on: 'customer.changed',
          visit: {
            type: 'birthday',
            window: { days: 1 },
            assigneeRole: 'followUpAgent',
            attempts: { max: 1, retryWithin: { days: 1 }, failedOutcomes: ['no-answer'] },
          },
        },
      ],
      opinion: { secondFollowUpWithin: { workingHours: 2 } },
    });
    expect(pack.pack.id).toBe('bj-01');
    expect(pack.pack.visits.map((v) => v.id)).toEqual([
      'first-level-after-delivery',
      'second-level-after-first',
      'post-repair-special',
      'csi-sample',
      // The base's duties, in the base's order; the dealer's own rule comes after them.
      'thank-you-after-purchase',
      'usage-check-after-delivery',
      'first-maintenance-reminder',
      'first-maintenance-by-mileage',
      'dormancy-after-delivery',
      'dormancy-after-service',
      'appointment-reminder-day-before',
      'appointment-preparation-day-before',
      'birthday-care',
      'birthday-care-next-year',
      'birthday',
    ]);
    expect(pack.visitRule('post-repair-special')?.visit).toMatchObject({
      window: { workingDays: 3 },
      survey: 'postRepair',
      assigneeRole: 'stationManager',
    });
    expect(pack.pack.opinion).toMatchObject({
      formDue: { endOf: 'workPeriod' },
      secondFollowUpWithin: { workingHours: 2 },
    });
  });

  it('leaves its inputs untouched', () => {
    const base = structuredClone(defaultRulePack);
    const override = { id: 'x', visits: [{ id: 'post-repair-special', visit: { survey: 'ssi' } }] };
    const copy = structuredClone(override);
    mergePacks(base, override);
    resolveExtends({ ...override, extends: base });
    expect(base).toEqual(defaultRulePack);
    expect(override).toEqual(copy);
  });
});
