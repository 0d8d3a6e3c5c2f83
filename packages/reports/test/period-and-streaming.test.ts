import {
  loadRulePack,
  type RecordQuery,
  SHIPPED_PACKS,
  type StorageAdapter,
  type Visit,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { describe, expect, it } from 'vitest';
import { readAggregates, resolvePeriod, SatisfactionMetrics } from '../src';
import { DEALER, runScenario } from './scenario';

describe('periods in the dealer time zone', () => {
  it('resolves local dates to instants', () => {
    const p = resolvePeriod({ from: '2026-03-01', to: '2026-03-31' }, 'Asia/Shanghai');
    expect(new Date(p.start).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(new Date(p.end).toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });

  it('handles a daylight-saving zone', () => {
    // Berlin switches to summer time on 2026-03-29: March is 31 days minus one hour.
    const p = resolvePeriod({ from: '2026-03-01', to: '2026-03-31' }, 'Europe/Berlin');
    expect(new Date(p.start).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(new Date(p.end).toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });
});

describe('satisfaction trend', () => {
  it('puts a response in the month of its local date and gives the change', async () => {
    const storage = memoryStorage();
    const { engine } = await runScenario(storage);
    const done = (await engine.listVisits({ dealerId: DEALER, status: 'completed' })).find(
      (v) => v.response?.surveyId === 'gw-ssi' && v.response.score.index === 100,
    )!;
    await storage.close();
    const at = (answeredAt: string, index: number): Visit => ({
      ...done,
      response: { ...done.response!, answeredAt, score: { ...done.response!.score, index } },
    });
    const period = resolvePeriod({ from: '2026-03-01', to: '2026-03-31' }, 'Asia/Shanghai');
    const m = new SatisfactionMetrics(period, {
      rules: loadRulePack(SHIPPED_PACKS['great-wall']),
      trendMonths: 2,
    });
    m.add(at('2026-02-10T02:00:00.000Z', 70)); // February
    m.add(at('2026-02-28T15:59:00.000Z', 80)); // 23:59 on 28 Feb in Beijing: February
    m.add(at('2026-02-28T16:30:00.000Z', 90)); // 00:30 on 1 March in Beijing: March
    m.add(at('2026-01-31T02:00:00.000Z', 10)); // before the trend window: ignored
    const trend = m.result().trend;
    expect(trend).toEqual([
      { surveyId: 'gw-ssi', month: '2026-02', responses: 2, index: 75, change: null },
      { surveyId: 'gw-ssi', month: '2026-03', responses: 1, index: 90, change: 15 },
    ]);
    // Only the March response is in the period's figures.
    expect(m.result().bySurvey[0]!.responses).toBe(1);
  });
});

describe('streaming through the read port', () => {
  it('reads in keyset pages of the given size and never asks for everything', async () => {
    const storage = memoryStorage();
    await runScenario(storage);
    const queries: RecordQuery[] = [];
    const spy: StorageAdapter = {
      name: 'spy',
      close: () => storage.close(),
      transaction: (fn) =>
        storage.transaction((tx) =>
          fn({
            ...tx,
            get: tx.get.bind(tx),
            query: (q) => {
              queries.push(q);
              return tx.query(q);
            },
          }),
        ),
    };
    const ids: string[] = [];
    for await (const v of readAggregates(spy, 'visit', DEALER, { pageSize: 5 })) ids.push(v.id);
    // 15 visits → pages of 5, 5, 5 and an empty one.
    expect(ids).toHaveLength(15);
    expect([...ids].sort()).toEqual(ids);
    expect(queries.map((q) => [q.limit, q.afterId])).toEqual([
      [5, undefined],
      [5, ids[4]],
      [5, ids[9]],
      [5, ids[14]],
    ]);
    await storage.close();
  });
});
