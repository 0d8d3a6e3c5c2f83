/**
 * "Why this dealer" (为什么会选择在本专营店购买, Great Wall SSI item 22 [002]: 让客户自己说，然后分类)
 * counted per category of the pack, through the real engine, on memory and SQLite.
 */
import {
  type Actor,
  createEngine,
  createFakeClock,
  type DealercareError,
  loadRulePack,
  SHIPPED_PACKS,
  type StorageAdapter,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { choiceCounts, countChoices, monthPeriod } from '../src';

const DEALER = 'd1';
const rules = loadRulePack(SHIPPED_PACKS['great-wall']);
const agent: Actor = { kind: 'person', id: 'agent-1', roles: ['followUpAgent'] };

/** Four March deliveries answered location, price, location, (no answer); one in April: price. */
async function run(storage: StorageAdapter) {
  const clock = createFakeClock('2026-03-02T09:00:00+08:00');
  let n = 0;
  const engine = createEngine({ storage, clock, rules, newId: () => `id-${++n}` });
  const answers = ['location', 'price', 'location', null, 'price'];
  for (const [i, why] of answers.entries()) {
    if (i === 4) clock.set('2026-04-01T09:00:00+08:00');
    const [r] = await engine.ingestMany([
      {
        type: 'vehicle.delivered',
        sourceId: `DEL-${i}`,
        dealerId: DEALER,
        occurredAt: clock.now().toISOString(),
        customer: { id: `c${i}`, name: `客户${i}`, phones: [{ number: `1380000000${i}` }] },
        vehicle: { id: `car${i}`, vin: `LGWEF4A59RH00000${i}` },
      },
    ]);
    const visitId = r!.visitIds[0]!;
    await engine.recordAttempt({ dealerId: DEALER, visitId, actor: agent, outcome: 'connected' });
    await engine.completeVisit({
      dealerId: DEALER,
      visitId,
      actor: agent,
      answers: { whyThisDealer: why, wouldRecommend: true },
    });
  }
}

const STORES: [string, () => StorageAdapter][] = [
  ['memory', () => memoryStorage()],
  ['sqlite', () => sqliteStorage({ filename: ':memory:' })],
];

for (const [name, open] of STORES) {
  describe(name, () => {
    it('[002] item 22 "让客户自己说，然后分类": counts per category of the pack, in its order', async () => {
      const storage = open();
      await run(storage);
      const march = await choiceCounts(storage, {
        dealerId: DEALER,
        period: monthPeriod(2026, 3),
        timeZone: 'Asia/Shanghai',
        rules,
        surveyId: 'gw-ssi',
        itemId: 'whyThisDealer',
      });
      // March: three answered (the fourth customer gave no reason); April's "price" not counted.
      expect(march.answered).toBe(3);
      const choices = rules.survey('gw-ssi')!.items.find((i) => i.id === 'whyThisDealer')!.choices;
      expect(march.counts.map((c) => c.choice)).toEqual(choices);
      expect(march.counts.filter((c) => c.count > 0)).toEqual([
        { choice: 'location', count: 2, share: 2 / 3 },
        { choice: 'price', count: 1, share: 1 / 3 },
      ]);
      expect(march.counts.find((c) => c.choice === 'service')).toEqual({
        choice: 'service',
        count: 0,
        share: 0,
      });
      await storage.close?.();
    });
  });
}

describe('choice counts refuse what is not a choice item', () => {
  const ssi = rules.survey('gw-ssi')!;
  it('names the item', async () => {
    for (const itemId of ['wouldRecommend', 'nope']) {
      try {
        countChoices(ssi, itemId, []);
        throw new Error('expected VALIDATION_FAILED');
      } catch (e) {
        expect((e as DealercareError).code).toBe('VALIDATION_FAILED');
      }
    }
    await expect(
      choiceCounts(memoryStorage(), {
        dealerId: DEALER,
        period: monthPeriod(2026, 3),
        timeZone: 'Asia/Shanghai',
        rules,
        surveyId: 'nope',
        itemId: 'whyThisDealer',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('nobody answered: every category 0, shares null', () => {
    const r = countChoices(ssi, 'whyThisDealer', []);
    expect(r.answered).toBe(0);
    expect(r.counts.every((c) => c.count === 0 && c.share === null)).toBe(true);
  });
});
