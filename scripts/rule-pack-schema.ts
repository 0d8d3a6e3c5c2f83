/**
 * Writes the rule-pack JSON Schemas from the zod schema into packages/core/schema/:
 * `rule-pack.schema.json` (a complete pack) and `rule-pack-extension.schema.json` (a pack that
 * extends another). `pnpm schema`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulePackExtensionJsonSchema, rulePackJsonSchema } from '@dealercare/core';

/** Each schema file's name and text. */
export function renderRulePackSchemas(): Record<string, string> {
  const text = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'rule-pack.schema.json': text(rulePackJsonSchema()),
    'rule-pack-extension.schema.json': text(rulePackExtensionJsonSchema()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of Object.entries(renderRulePackSchemas())) {
    const target = fileURLToPath(new URL(`../packages/core/schema/${name}`, import.meta.url));
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
}
