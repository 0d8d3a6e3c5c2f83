import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['dealercare-source'] },
  ssr: { resolve: { conditions: ['dealercare-source'] } },
  // A simulated month per run (twice, memory and SQLite): seconds on a loaded 2-core machine.
  test: { name: 'example-quickstart', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
