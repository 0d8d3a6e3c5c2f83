import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['dealercare-source'] },
  ssr: { resolve: { conditions: ['dealercare-source'] } },
  // Property tests run a few hundred cases each: on a loaded 2-core machine one can pass 5 s.
  test: { name: 'core', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
