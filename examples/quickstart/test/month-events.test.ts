import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monthEventsJsonl } from '../src/month-events';

describe('the demo month as a replay file', () => {
  it('the copy core simulates is the month this example ingests', async () => {
    const copy = new URL('../../../packages/core/test/simulate/demo-month.jsonl', import.meta.url);
    // If this fails after a change to the month: pnpm --filter @dealercare/example-quickstart
    // month-events ../../packages/core/test/simulate/demo-month.jsonl
    expect(readFileSync(copy, 'utf8')).toBe(await monthEventsJsonl());
  });
});
