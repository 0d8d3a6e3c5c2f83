/** Writes packages/core/schema/rule-pack.schema.json from the zod schema. `pnpm schema`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulePackJsonSchema } from '@dealercare/core';

export function renderRulePackSchema(): string {
  return `${JSON.stringify(rulePackJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(
    new URL('../packages/core/schema/rule-pack.schema.json', import.meta.url),
  );
  writeFileSync(target, renderRulePackSchema());
  console.log(`wrote ${target}`);
}
