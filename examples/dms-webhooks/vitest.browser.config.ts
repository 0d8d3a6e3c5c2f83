import { defineProject } from 'vitest/config';

// The desk page in headless Chromium. Separate from the unit suite because it needs a Chromium
// binary (`apt-get install -y chromium`; CHROMIUM_PATH to override):
// `pnpm --filter @dealercare/example-dms-webhooks test:browser`.
export default defineProject({
  resolve: { conditions: ['dealercare-source'] },
  ssr: { resolve: { conditions: ['dealercare-source'] } },
  test: {
    name: 'dms-webhooks-browser',
    include: ['browser/**/*.browser.test.ts'],
    testTimeout: 60_000,
  },
});
