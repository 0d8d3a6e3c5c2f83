import { memoryStorage } from '@dealercare/storage-memory';
import type { TestAdapter } from './test-adapter';

/** memoryStorage: trusted, so the engine takes its rows as stored (no read validation). */
export function memoryTestAdapter(): TestAdapter {
  return {
    name: 'memory',
    open: () => memoryStorage(),
    release: async () => {},
    dispose: async () => {},
    runs: (runs) => runs,
  };
}
