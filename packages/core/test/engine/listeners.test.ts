/**
 * Listeners cannot hurt the engine: a handler that throws or whose promise rejects is reported to
 * `onListenerError`, the other handlers still run, and `on()` hands back its unsubscribe.
 */
import { describe, expect, it, vi } from 'vitest';
import { createEngine, createFakeClock, type EngineEvent, type StorageAdapter } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DELIVERY_VISIT_TYPES, delivery, onAdapter } from './setup';

function engineWith(
  storage: StorageAdapter,
  onListenerError?: (error: unknown, event: EngineEvent) => void,
) {
  return createEngine({
    storage,
    clock: createFakeClock('2026-03-02T09:00:00+08:00'),
    ...(onListenerError ? { onListenerError } : {}),
  });
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 10));

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage } = onAdapter(adapter);

    describe('event listeners', () => {
      it('an async handler that rejects reaches onListenerError, and the command still succeeded', async () => {
        const reported: Array<[unknown, string]> = [];
        const engine = engineWith(freshStorage(), (error, event) =>
          reported.push([error, event.type]),
        );
        engine.on('visit.scheduled', async () => {
          await Promise.resolve();
          throw new Error('SMS gateway down');
        });
        const result = await engine.ingest(delivery());
        await settle();
        expect(result.status).toBe('ingested');
        // Once per visit the delivery scheduled (the first-level visit and the duties).
        expect(reported).toHaveLength(DELIVERY_VISIT_TYPES.length);
        expect(reported[0]![0]).toBeInstanceOf(Error);
        expect(reported[0]![1]).toBe('visit.scheduled');
      });

      it('a throwing handler does not stop the others, of its type or of `*`', async () => {
        const reported: string[] = [];
        const engine = engineWith(freshStorage(), (_e, event) => reported.push(event.type));
        const calls: string[] = [];
        engine.on('customer.created', () => {
          throw new Error('boom');
        });
        engine.on('customer.created', () => calls.push('second'));
        engine.on('*', (type) => calls.push(type));
        await engine.ingest(delivery());
        expect(calls).toContain('second');
        expect(calls).toContain('visit.scheduled');
        expect(reported).toEqual(['customer.created']);
      });

      it('on() returns the function that unsubscribes, for one type and for `*`', async () => {
        const engine = engineWith(freshStorage());
        const one = vi.fn();
        const all = vi.fn();
        const offOne = engine.on('visit.scheduled', one);
        const offAll = engine.on('*', all);
        await engine.ingest(delivery({ sourceId: 'A' }));
        expect(one).toHaveBeenCalledTimes(DELIVERY_VISIT_TYPES.length);
        const seen = all.mock.calls.length;
        expect(seen).toBeGreaterThan(1);
        offOne();
        offOne(); // twice is harmless
        offAll();
        await engine.ingest(delivery({ sourceId: 'B', customer: { id: 'c9', name: '赵六' } }));
        expect(one).toHaveBeenCalledTimes(DELIVERY_VISIT_TYPES.length);
        expect(all).toHaveBeenCalledTimes(seen);
      });

      it('off() removes a handler added with on(), also a wildcard one', async () => {
        const engine = engineWith(freshStorage());
        const one = vi.fn();
        const all = vi.fn();
        engine.on('visit.scheduled', one);
        engine.on('*', all);
        engine.off('visit.scheduled', one);
        engine.off('*', all);
        await engine.ingest(delivery());
        expect(one).not.toHaveBeenCalled();
        expect(all).not.toHaveBeenCalled();
      });

      it('an onListenerError that throws itself is logged, never thrown at the caller', async () => {
        const log = vi.spyOn(console, 'error').mockImplementation(() => {});
        try {
          const engine = engineWith(freshStorage(), () => {
            throw new Error('the error handler is broken too');
          });
          engine.on('visit.scheduled', async () => {
            throw new Error('listener');
          });
          await expect(engine.ingest(delivery())).resolves.toMatchObject({ status: 'ingested' });
          await settle();
          expect(log).toHaveBeenCalled();
        } finally {
          log.mockRestore();
        }
      });
    });
  });
}
