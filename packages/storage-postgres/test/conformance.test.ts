import { testStorageAdapter } from '@dealercare/core/testing';
import { expect, it } from 'vitest';
import { postgresStorage } from '../src';
import { dropSchema, freshSchemaName, PG_URL } from './support/database';

testStorageAdapter({
  name: 'postgres',
  // A fresh schema per test, dropped when the suite closes the adapter.
  create: () => {
    const schema = freshSchemaName();
    const storage = postgresStorage({ url: PG_URL, schema });
    return {
      ...storage,
      close: async () => {
        await storage.close();
        await dropSchema(schema);
      },
    };
  },
  additionalTests: (adapter) => {
    it('is named postgres', () => {
      expect(adapter().name).toBe('postgres');
    });
  },
});
