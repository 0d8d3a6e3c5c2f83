/**
 * `engine.feed`: what listeners are told, durably — every dealer's committed events after a
 * cursor the consumer keeps, each dealer in order.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { delivery, onAdapter, repair } from './setup';

const key = (e: Pick<DomainEvent, 'dealerId' | 'seq'>) => `${e.dealerId}/${e.seq}`;

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('engine.feed', () => {
      it('pages through what the engine announced, for every dealer, and goes on from its cursor', async () => {
        const { engine, seen } = setup();
        await engine.ingest(delivery());
        await engine.ingest(repair({ dealerId: 'd2' }));
        const read: DomainEvent[] = [];
        let cursor: string | undefined;
        for (let empty = 0; empty < 2; ) {
          const page = await engine.feed(
            cursor === undefined ? { limit: 2 } : { after: cursor, limit: 2 },
          );
          read.push(...page.events);
          cursor = page.cursor;
          empty = page.events.length === 0 ? empty + 1 : 0;
        }
        expect(read.map(key).sort()).toEqual(seen.map(key).sort());
        // Announced and stored are the same events.
        const announced = new Map(seen.map((e) => [key(e), e.type]));
        expect(read.every((e) => announced.get(key(e)) === e.type)).toBe(true);
        for (const dealer of ['d1', 'd2']) {
          const seqs = read.filter((e) => e.dealerId === dealer).map((e) => e.seq!);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        }
        const before = seen.length;
        await engine.tick(new Date('2026-03-20T09:00:00+08:00'));
        expect(seen.length).toBeGreaterThan(before);
        const next = await engine.feed({ after: cursor!, limit: 1000 });
        const more = await engine.feed({ after: next.cursor, limit: 1000 });
        expect([...next.events, ...more.events].map(key).sort()).toEqual(
          seen.slice(before).map(key).sort(),
        );
      });

      it('refuses a malformed query: VALIDATION_FAILED naming the field', async () => {
        const { engine } = setup();
        await expect(engine.feed({ limit: -1 })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { issues: [expect.objectContaining({ path: ['limit'] })] },
        });
        await expect(engine.feed({ after: 'nope' })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { issues: [expect.objectContaining({ path: ['after'] })] },
        });
      });
    });
  });
}
