import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { renderRulePackSchemas } from '../../../../scripts/rule-pack-schema';
import { defaultRulePack, SHIPPED_PACKS } from '../../src';

const read = (relative: string): unknown =>
  JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));

const COMPLETE = 'rule-pack.schema.json';
const EXTENSION = 'rule-pack-extension.schema.json';

it('schema/*.schema.json are up to date with the zod schema (run `pnpm schema`)', () => {
  const rendered = renderRulePackSchemas();
  expect(Object.keys(rendered).sort()).toEqual([EXTENSION, COMPLETE]);
  for (const [name, text] of Object.entries(rendered)) {
    expect(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8')).toBe(text);
  }
});

describe('the JSON Schemas, checked by a real validator (ajv, draft 2020-12)', () => {
  // Strict, except that the extension schema requires `id` and `extends` beside the `$ref` that
  // defines them (valid 2020-12; ajv's strictRequired wants them defined at the same level).
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  const complete = ajv.compile(read(`../../schema/${COMPLETE}`) as object);
  const extension = ajv.compile(read(`../../schema/${EXTENSION}`) as object);
  /** The default pack as the JSON an integrator would write. */
  const defaultJson = JSON.parse(JSON.stringify(defaultRulePack)) as Record<string, unknown>;
  const greatWall = read('../../packs/great-wall.json') as Record<string, unknown>;
  const dealerExample = read('../../../../examples/brand-override/dealer-pack.json') as Record<
    string,
    unknown
  >;
  const errors = (v: typeof complete) =>
    (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  it('the complete-pack schema accepts the default pack', () => {
    expect(complete(defaultJson), errors(complete).join('\n')).toBe(true);
    expect(complete({ ...defaultJson, $schema: './rule-pack.schema.json' })).toBe(true);
  });

  it('the extending-pack schema accepts great-wall.json and the brand-override example', () => {
    expect(SHIPPED_PACKS['great-wall']).toEqual(greatWall);
    expect(extension(greatWall), errors(extension).join('\n')).toBe(true);
    expect(extension(dealerExample), errors(extension).join('\n')).toBe(true);
    // Any complete pack can be extended over.
    expect(extension({ ...defaultJson, extends: 'great-wall' })).toBe(true);
  });

  it('the shipped packs point at the schema that fits them', () => {
    expect(greatWall.$schema).toBe(`../schema/${EXTENSION}`);
    expect(dealerExample.$schema).toBe(`../../packages/core/schema/${EXTENSION}`);
  });

  it('the complete-pack schema rejects an extending pack: it lacks what a complete pack needs', () => {
    expect(complete(greatWall)).toBe(false);
  });

  it('both reject typos, wherever they are', () => {
    const typos: Array<[string, (p: Record<string, unknown>) => unknown]> = [
      ['root', (p) => ({ ...p, vists: [] })],
      ['alerts', (p) => ({ ...p, surveys: [{ id: 'gw-ssi', alerts: { scaleAtOrBelw: 7 } }] })],
      [
        'rule',
        (p) => ({
          ...p,
          visits: [{ id: 'post-repair-general', visit: { doNotVisitWen: { all: [] } } }],
        }),
      ],
      [
        'condition',
        (p) => ({
          ...p,
          visits: [
            {
              id: 'post-repair-general',
              when: { all: [{ fact: 'event', pth: 'x', operator: 'equal', value: 1 }] },
            },
          ],
        }),
      ],
      ['permissions', (p) => ({ ...p, permissions: { complaint: { clsoe: ['csManager'] } } })],
      ['removal', (p) => ({ ...p, visits: [{ id: 'x', $remove: true, on: 'repair.settled' }] })],
    ];
    for (const [where, typo] of typos) {
      expect(extension(typo(greatWall)), `extension schema, ${where}`).toBe(false);
    }
    expect(complete({ ...defaultJson, vists: [] })).toBe(false);
    const rule = defaultJson.visits as Array<Record<string, unknown>>;
    expect(
      complete({
        ...defaultJson,
        visits: [{ ...rule[0], visit: { ...(rule[0]!.visit as object), survy: 'x' } }],
      }),
    ).toBe(false);
    expect(complete({ ...defaultJson, extends: 'great-wall' })).toBe(false);
  });

  it('an extending pack needs its id and what it extends; elements merged by id need only their id', () => {
    expect(extension({ id: 'x', extends: 'great-wall' })).toBe(true);
    expect(extension({ id: 'x' })).toBe(false);
    expect(extension({ extends: 'great-wall' })).toBe(false);
    expect(extension({ id: 'x', extends: 'great-wall', visits: [{ on: 'repair.settled' }] })).toBe(
      false,
    );
    expect(
      extension({
        id: 'x',
        extends: 'great-wall',
        complaints: { routing: [{ role: 'csManager' }] },
      }),
      'routing has no ids: its elements replace the base list and must be complete',
    ).toBe(false);
  });
});

describe('the package exports the schemas', () => {
  it('as @dealercare/core/schema/*.json', () => {
    const pkg = read('../../package.json') as { exports: Record<string, unknown> };
    expect(pkg.exports['./schema/*.json']).toBe('./schema/*.json');
  });
});
