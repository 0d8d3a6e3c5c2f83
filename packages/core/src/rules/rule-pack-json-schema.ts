import { z } from 'zod';
import { rulePackSchema } from './rule-pack-schema';

/**
 * The JSON Schema of a rule pack (draft 2020-12), generated from the zod schema, so editors
 * autocomplete pack files. The committed copy is `packages/core/schema/rule-pack.schema.json`;
 * a test fails when it is out of date (`pnpm schema` regenerates it).
 */
export function rulePackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(rulePackSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://dealercare.dev/schema/rule-pack.schema.json',
    title: 'dealercare rule pack',
    properties: {
      $schema: { type: 'string' },
      extends: {
        description:
          'A pack id (e.g. "default", "great-wall") or an inline pack this one is merged over',
        anyOf: [{ type: 'string' }, { type: 'object' }],
      },
      ...(schema.properties as Record<string, unknown>),
    },
  };
}
