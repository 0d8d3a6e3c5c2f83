import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['dealercare-source'] },
  ssr: { resolve: { conditions: ['dealercare-source'] } },
  test: { name: 'example-dms-webhooks', include: ['test/**/*.test.ts'] },
});
