import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderRulePackSchema } from '../../../../scripts/rule-pack-schema';

it('schema/rule-pack.schema.json is up to date with the zod schema (run `pnpm schema`)', () => {
  const committed = readFileSync(
    new URL('../../schema/rule-pack.schema.json', import.meta.url),
    'utf8',
  );
  expect(committed).toBe(renderRulePackSchema());
});
