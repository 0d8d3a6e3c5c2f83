import type { TimerRecord } from '@dealercare/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../src/timer-queue';

const timer = (id: string, subject: string, dueAt: number): TimerRecord => ({
  id,
  dealerId: 'd1',
  subject: { kind: 'visit', id: subject },
  name: 'visit.overdue',
  dueAt,
  payload: {},
});

/** put(id, subject, dueAt) or delete(id), over few ids and subjects so they collide. */
const op = fc.oneof(
  fc.record({
    put: fc.constantFrom('t1', 't2', 't3', 't4', 't5'),
    subject: fc.constantFrom('s1', 's2', 's3'),
    dueAt: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({ del: fc.constantFrom('t1', 't2', 't3', 't4', 't5') }),
);

describe('TimerQueue', () => {
  it('agrees with a plain map on every timer, every subject’s ids and the due order', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 20 }), (ops, now) => {
        const queue = new TimerQueue();
        const model = new Map<string, TimerRecord>();
        for (const o of ops) {
          if ('put' in o) {
            const t = timer(o.put, o.subject, o.dueAt);
            queue.put(t, o.subject);
            model.set(o.put, t);
          } else {
            expect(queue.delete(o.del)).toBe(model.get(o.del));
            model.delete(o.del);
          }
        }
        expect(queue.size).toBe(model.size);
        for (const s of ['s1', 's2', 's3']) {
          const want = [...model.values()].filter((t) => t.subject.id === s).map((t) => t.id);
          expect([...queue.idsOf(s)].sort()).toEqual(want.sort());
        }
        const due = [...model.values()]
          .filter((t) => t.dueAt <= now)
          .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
        expect(queue.due(now, 3)).toEqual(due.slice(0, 3));
        for (const [id, t] of model) expect(queue.get(id)).toBe(t);
      }),
    );
  });
});
