import { z } from 'zod';
import { CONDITION_FACTS, CONDITION_OPERATORS } from './condition';
import { conditionSchema, rulePackSchema } from './rule-pack-schema';

/** A JSON Schema (draft 2020-12) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

const SCHEMA_BASE = 'https://dealercare.dev/schema/';

/**
 * The JSON Schema of a **complete** rule pack (draft 2020-12), generated from the zod schema:
 * every key a pack needs, and no other (every object has `additionalProperties: false`). Use it
 * for a pack that extends nothing. The committed copy is
 * `@dealercare/core/schema/rule-pack.schema.json`; a test fails when it is out of date
 * (`pnpm schema` regenerates it).
 */
export function rulePackJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(rulePackSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema !== conditionSchema) return;
      for (const k of Object.keys(jsonSchema)) delete jsonSchema[k];
      jsonSchema.$ref = '#/$defs/condition';
    },
  }) as JsonSchema;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: `${SCHEMA_BASE}rule-pack.schema.json`,
    title: 'dealercare rule pack (complete)',
    description:
      'A rule pack that extends nothing. For a pack with "extends" use rule-pack-extension.schema.json.',
    ...rest,
    $defs: conditionDefinitions(),
  };
}

/**
 * The JSON Schema of a rule pack that **extends** another (what a brand or a dealer writes):
 * `id` and `extends` are required and everything else is optional, down to the leaves, because
 * objects merge key by key; an element of a list merged by id (`visits`, `surveys`, survey
 * `items`, `complaints.ladder`) needs only its `id`, or is a removal `{ "id", "$remove": true }`;
 * a list replaced whole (`routing`, `roles`, …) holds complete elements. Unknown keys are errors
 * everywhere. The committed copy is `@dealercare/core/schema/rule-pack-extension.schema.json`.
 */
export function rulePackExtensionJsonSchema(): JsonSchema {
  const complete = rulePackJsonSchema();
  const {
    $schema: $schemaKey,
    id,
    ...rest
  } = partial(complete).properties as Record<string, JsonSchema>;
  const pack: JsonSchema = {
    description: 'A pack written inline as the base: complete, or extending another',
    type: 'object',
    properties: {
      $schema: $schemaKey,
      id,
      extends: {
        description:
          'A pack id ("default", "great-wall", or one given to loadRulePack in `packs`) or an inline pack this one is merged over',
        anyOf: [{ type: 'string', minLength: 1 }, { $ref: '#/$defs/pack' }],
      },
      ...rest,
    },
    additionalProperties: false,
  };
  return {
    $schema: complete.$schema,
    $id: `${SCHEMA_BASE}rule-pack-extension.schema.json`,
    title: 'dealercare rule pack (extending another)',
    description:
      'A rule pack merged over the pack it extends: objects by key, lists of elements with ids by id.',
    // One definition for the file and for an inline base (which need not extend anything).
    type: 'object',
    $ref: '#/$defs/pack',
    required: ['id', 'extends'],
    $defs: { pack, ...(complete.$defs as Record<string, JsonSchema>) },
  };
}

/** A schema as an override of it: optional down to the leaves (see above). */
function partial(schema: JsonSchema): JsonSchema {
  const { required: _required, default: _default, ...out } = schema;
  for (const union of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(out[union])) {
      // Without their required keys several branches can fit one value: any of them will do.
      const branches = (out[union] as JsonSchema[]).map(partial);
      delete out[union];
      out.anyOf = branches;
    }
  }
  if (isSchema(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, partial(v as JsonSchema)]),
    );
  }
  if (isSchema(out.additionalProperties))
    out.additionalProperties = partial(out.additionalProperties);
  if (isSchema(out.items)) {
    const items = out.items;
    out.items = mergedById(items)
      ? { anyOf: [{ ...partial(items), required: ['id'] }, removal(items)] }
      : items; // replaced whole: its elements are complete
  }
  return out;
}

/** Elements of a list that merges by id: objects with a required `id`. */
function mergedById(items: JsonSchema): boolean {
  return (
    isSchema(items.properties) &&
    'id' in items.properties &&
    Array.isArray(items.required) &&
    items.required.includes('id')
  );
}

function removal(items: JsonSchema): JsonSchema {
  return {
    description: 'Removes the element with this id from the pack this one extends',
    type: 'object',
    properties: { id: (items.properties as JsonSchema).id, $remove: { const: true } },
    required: ['id', '$remove'],
    additionalProperties: false,
  };
}

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A condition tree as `checkCondition` accepts it (json-rules-engine's format, fewer keys). */
function conditionDefinitions(): Record<string, JsonSchema> {
  const condition = { $ref: '#/$defs/condition' };
  const fact = {
    description: 'The fact a comparison reads',
    enum: [...CONDITION_FACTS],
  };
  const path = {
    description: 'A dot path into the fact, e.g. "repairKind" or "phones.0.number"',
    type: 'string',
    pattern: '^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$',
  };
  const group = (key: string, value: JsonSchema): JsonSchema => ({
    type: 'object',
    properties: { [key]: value },
    required: [key],
    additionalProperties: false,
  });
  const list = { type: 'array', items: condition };
  return {
    condition: {
      description:
        'A json-rules-engine condition: exactly one of all, any, not — or a comparison of a fact with a value',
      anyOf: [
        group('all', list),
        group('any', list),
        group('not', condition),
        { $ref: '#/$defs/comparison' },
      ],
    },
    comparison: {
      type: 'object',
      properties: {
        fact,
        path,
        operator: { enum: [...CONDITION_OPERATORS] },
        value: {
          description:
            'A JSON value, a list for "in"/"notIn", or a reference to another fact ({ "fact", "path" })',
          anyOf: [
            { type: 'string' },
            { type: 'number' },
            { type: 'boolean' },
            { type: 'null' },
            { type: 'array' },
            { $ref: '#/$defs/factReference' },
          ],
        },
      },
      required: ['fact', 'operator', 'value'],
      additionalProperties: false,
      if: {
        type: 'object',
        properties: { operator: { enum: ['in', 'notIn'] } },
        required: ['operator'],
      },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
      then: { type: 'object', properties: { value: { type: 'array' } } },
    },
    factReference: {
      description: 'The value of another fact (not allowed on the right of "in"/"notIn")',
      type: 'object',
      properties: { fact, path },
      required: ['fact'],
      additionalProperties: false,
    },
  };
}
