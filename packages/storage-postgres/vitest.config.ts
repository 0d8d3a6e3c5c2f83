import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['dealercare-source'] },
  ssr: { resolve: { conditions: ['dealercare-source'] } },
  test: {
    name: 'storage-postgres',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
  },
});
