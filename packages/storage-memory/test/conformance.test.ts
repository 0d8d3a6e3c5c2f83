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

    it('returns copies: mutating a read record does not change storage', async () => {
      await adapter().transaction((t) =>
        t.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: { n: 1 } }, 0),
      );
      const got = await adapter().transaction((t) => t.get('visit', 'd1', 'v1'));
      (got!.data as { n: number }).n = 99;
      const again = await adapter().transaction((t) => t.get('visit', 'd1', 'v1'));
      expect(again!.data).toEqual({ n: 1 });
    });
  },
});
