import { testStorageAdapter } from '@dealercare/core/testing';
import { expect, it } from 'vitest';
import { memoryStorage } from '../src';

testStorageAdapter({
  name: 'memory',
  create: () => memoryStorage(),
  additionalTests: (adapter) => {
    it('refuses transactions after close', async () => {
      const a = memoryStorage();
      await a.close();
      await expect(a.transaction(async () => 1)).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
      expect(adapter().name).toBe('memory');
    });

    it('stores its own frozen copy: neither the written object nor a read row can change it', async () => {
      const written = { n: 1, nested: { list: [1, 2] } };
      await adapter().transaction((t) =>
        t.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: written }, 0),
      );
      written.n = 2;
      written.nested.list.push(3);
      const got = await adapter().transaction((t) => t.get('visit', 'd1', 'v1'));
      expect(() => {
        (got!.data as { n: number }).n = 99;
      }).toThrow(TypeError);
      expect(() => (got!.data as { nested: { list: number[] } }).nested.list.push(4)).toThrow(
        TypeError,
      );
      const again = await adapter().transaction((t) => t.get('visit', 'd1', 'v1'));
      expect(again!.data).toEqual({ n: 1, nested: { list: [1, 2] } });
      expect(adapter().trusted).toBe(true);
    });

    it('stores frozen copies of timers', async () => {
      const timer = {
        id: 't1',
        dealerId: 'd1',
        subject: { kind: 'visit' as const, id: 'v1' },
        name: 'visit.overdue',
        dueAt: 10,
        payload: { states: ['open'] },
      };
      await adapter().transaction((t) => t.putTimers([timer]));
      timer.payload.states.push('closed');
      const [due] = await adapter().transaction((t) => t.dueTimers(10, 5));
      expect(due!.payload).toEqual({ states: ['open'] });
      expect(Object.isFrozen(due!.payload.states)).toBe(true);
    });
  },
});
