/**
 * The README's code sample runs as written (its `sms` stub and timer aside), so the first code a
 * newcomer copies cannot drift from the API.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('runs the README sample: a delivery, a call, a low score that opens an opinion case', async () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const sample = /## In code\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(sample).toBeDefined();
  const body = sample!
    .replace(/^setInterval\(.*$/m, '') // no timers in a test
    // In memory, not in a file of the working directory.
    .replace(
      "import { sqliteStorage } from '@dealercare/storage-sqlite';",
      "import { memoryStorage } from '@dealercare/storage-memory';",
    )
    .replace(
      "const engine = createEngine({ storage: sqliteStorage({ filename: 'dealercare.db' }) });",
      'export const engine = createEngine({ storage: memoryStorage() });',
    );
  expect(body).toContain('export const engine');
  const dir = fileURLToPath(new URL('../.data/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}readme-sample.ts`;
  writeFileSync(
    file,
    `const sms = { send: (_to: string, _text: string) => {} };\n${body}\nexport { visitIds };\n`,
  );
  const { engine, visitIds } = (await import(/* @vite-ignore */ file)) as {
    engine: import('@dealercare/core').Engine;
    visitIds: string[];
  };
  const visit = await engine.getVisit({ dealerId: 'bj-01', id: visitIds[0]! });
  expect(visit.state).toBe('completed');
  expect(visit.response?.score.lowItems).toEqual(['delivery']);
  expect(await engine.listOpinionCases({ dealerId: 'bj-01' })).toHaveLength(1);
});
