import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRulePack, loadRulePack, SHIPPED_PACKS } from '../../src';
import { decisionKey, factReferences } from '../../src/rules/decision-cache';

const TRIGGERS = [
  'vehicle.delivered',
  'repair.settled',
  'appointment.booked',
  'complaint.received',
];

/** Fact values the shipped packs' conditions look at, plus odd ones (null, missing, numbers). */
const value = fc.oneof(
  fc.constantFrom('special', 'general', 'maintenance', 'warranty', 'taxi', 'private', 'x'),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -5, max: 200_000 }),
);
const record = fc.dictionary(
  fc.constantFrom(
    'repairKind',
    'pickedUp',
    'usage',
    'doNotContact',
    'type',
    'mileage',
    'source',
    'category',
    'fleet',
  ),
  value,
);
const facts = fc.record(
  { event: record, customer: record, vehicle: record, dealer: record },
  { requiredKeys: ['event'] },
);

const names = (m: readonly { rule: { id: string }; doNotVisit: boolean }[]) =>
  m.map((x) => `${x.rule.id}${x.doNotVisit ? ':dnv' : ''}`);

describe('decision cache', () => {
  for (const id of Object.keys(SHIPPED_PACKS)) {
    it(`gives json-rules-engine's decision for any facts, first time or cached (${id} pack)`, async () => {
      const cached = loadRulePack(SHIPPED_PACKS[id]);
      const uncached = loadRulePack(SHIPPED_PACKS[id], { decisionCacheSize: 0 });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TRIGGERS), facts, async (trigger, f) => {
          const expected = names(await uncached.matchVisitRules(trigger, f));
          expect(names(await cached.matchVisitRules(trigger, f))).toEqual(expected);
          expect(names(await cached.matchVisitRules(trigger, f))).toEqual(expected);
        }),
        { numRuns: 300 },
      );
    });
  }

  for (const id of Object.keys(SHIPPED_PACKS)) {
    it(`gives json-rules-engine's duty cancels for any facts, first time or cached (${id} pack)`, async () => {
      const cached = loadRulePack(SHIPPED_PACKS[id]);
      const uncached = loadRulePack(SHIPPED_PACKS[id], { decisionCacheSize: 0 });
      const ids = (rules: readonly { id: string }[]) => rules.map((r) => r.id);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TRIGGERS), facts, async (trigger, f) => {
          const expected = ids(await uncached.matchDutyCancels(trigger, f));
          expect(ids(await cached.matchDutyCancels(trigger, f))).toEqual(expected);
          expect(ids(await cached.matchDutyCancels(trigger, f))).toEqual(expected);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('ends duties only when the unless condition holds, cached or not', async () => {
    const pack = compileRulePack(SHIPPED_PACKS.default);
    const ids = async (repairKind: string) =>
      (await pack.matchDutyCancels('repair.settled', { event: { repairKind } } as never)).map(
        (r) => r.id,
      );
    const maintenance = await ids('maintenance');
    expect(maintenance).toContain('first-maintenance-reminder');
    expect(await ids('maintenance')).toEqual(maintenance);
    expect(await ids('general')).not.toContain('first-maintenance-reminder');
    // Every caller gets its own list.
    const list = await pack.matchDutyCancels('repair.settled', {
      event: { repairKind: 'maintenance' },
    } as never);
    list.length = 0;
    expect(await ids('maintenance')).toEqual(maintenance);
  });

  it('tells a missing value from null, and reads paths the way json-rules-engine does', () => {
    const refs = factReferences({
      all: [
        { fact: 'event', path: 'repairKind', operator: 'equal', value: null },
        { fact: 'customer', operator: 'equal', value: { fact: 'vehicle', path: 'owner' } },
      ],
    });
    expect(refs).toEqual([
      { fact: 'event', path: 'repairKind' },
      { fact: 'customer' },
      { fact: 'vehicle', path: 'owner' },
    ]);
    const key = (f: Record<string, unknown>) => decisionKey(refs, f);
    expect(key({ event: {} })).not.toBe(key({ event: { repairKind: null } }));
    // A path into a non-object reads the value itself (json-rules-engine's rule).
    expect(key({ event: 'special' })).toBe(key({ event: 'special' }));
    expect(key({ event: 'special' })).not.toBe(key({ event: {} }));
    expect(key({ event: {}, vehicle: { owner: 'a' } })).not.toBe(
      key({ event: {}, vehicle: { owner: 'b' } }),
    );
  });

  it('hands every caller its own list', async () => {
    const pack = compileRulePack(SHIPPED_PACKS.default);
    const f = { event: { type: 'vehicle.delivered' }, customer: { doNotContact: false } };
    const first = await pack.matchVisitRules('vehicle.delivered', f);
    expect(first.length).toBeGreaterThan(0);
    first.length = 0;
    expect((await pack.matchVisitRules('vehicle.delivered', f)).length).toBeGreaterThan(0);
  });
});

describe('decision cache, edges where a key could lie', () => {
  const base = SHIPPED_PACKS.default as { visits: Record<string, unknown>[] };
  const withRule = (when: unknown) => ({
    ...base,
    visits: [{ ...base.visits[0]!, id: 'probe', on: 'vehicle.delivered', when }],
  });
  const both = (when: unknown) => ({
    cached: compileRulePack(withRule(when)),
    uncached: compileRulePack(withRule(when), { decisionCacheSize: 0 }),
  });
  const same = async (p: ReturnType<typeof both>, facts: Record<string, unknown>) => {
    const f = facts as never;
    const want = names(await p.uncached.matchVisitRules('vehicle.delivered', f));
    expect(names(await p.cached.matchVisitRules('vehicle.delivered', f))).toEqual(want);
    return want;
  };

  it('an empty value path never reaches the cache: it is rejected, as on the left side', () => {
    const ref = { fact: 'customer', path: '' };
    expect(() =>
      both({ all: [{ fact: 'event', path: 'kind', operator: 'equal', value: ref }] }),
    ).toThrow(/all\[0\]\.value\.path: must be a dot path/);
    // Were one to get through, it is keyed as json-rules-engine reads it: the whole fact.
    expect(factReferences({ fact: 'event', operator: 'equal', value: ref })).toEqual([
      { fact: 'event' },
      { fact: 'customer' },
    ]);
  });

  it('values that are not plain JSON are never cached (Date, NaN, undefined in an array, functions)', async () => {
    const p = both({
      any: [
        { fact: 'event', path: 'at', operator: 'equal', value: '2026-03-02T00:00:00.000Z' },
        { fact: 'event', path: 'list', operator: 'contains', value: null },
        { fact: 'event', path: 'n', operator: 'equal', value: null },
      ],
    });
    const iso = '2026-03-02T00:00:00.000Z';
    expect(await same(p, { event: { at: iso } })).toEqual(['probe']);
    expect(await same(p, { event: { at: new Date(iso) } })).toEqual([]);
    expect(await same(p, { event: { list: [null] } })).toEqual(['probe']);
    expect(await same(p, { event: { list: [undefined] } })).toEqual([]);
    expect(await same(p, { event: { n: null } })).toEqual(['probe']);
    expect(await same(p, { event: { n: Number.NaN } })).toEqual([]);
    expect(await same(p, { event: { n: () => null } })).toEqual([]);
  });

  it('a condition reading a whole object fact still decides right (and is not cached)', async () => {
    const p = both({ all: [{ fact: 'customer', operator: 'contains', value: 'vip' }] });
    expect(await same(p, { event: {}, customer: ['vip'] })).toEqual(['probe']);
    expect(await same(p, { event: {}, customer: ['x'] })).toEqual([]);
    expect(decisionKey([{ fact: 'customer' }], { customer: { a: 1 } })).toBeUndefined();
  });

  it('missing facts are no error', async () => {
    const p = compileRulePack(SHIPPED_PACKS.default);
    // The first-level and CSI-sample rules have no condition; the post-repair rules read the event.
    const ids = async (trigger: string) =>
      names(await p.matchVisitRules(trigger, undefined as never));
    // The duties without a condition match too; birthday care needs consent, the mileage rule a
    // mileage, so neither matches without facts.
    expect(await ids('vehicle.delivered')).toEqual([
      'first-level-after-delivery',
      'thank-you-after-purchase',
      'usage-check-after-delivery',
      'first-maintenance-reminder',
      'dormancy-after-delivery',
    ]);
    expect(await ids('repair.settled')).toEqual(['csi-sample', 'dormancy-after-service']);
  });
});
