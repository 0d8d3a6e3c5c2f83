import { defineConfig } from 'vitest/config';

// One `vitest run` at the root runs every package's suite. Packages resolve each other's
// sources through the `dealercare-source` export condition, so tests need no build first.
export default defineConfig({
  resolve: { conditions: ['dealercare-source'] },
  ssr: { resolve: { conditions: ['dealercare-source'] } },
  test: {
    projects: ['packages/*', 'examples/*'],
  },
});
