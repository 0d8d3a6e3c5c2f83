#!/usr/bin/env node
// Packs every package as it would be published (`pnpm pack`, after `pnpm build`), installs the
// tarballs with npm into a scratch project, and uses them there the way a user would: with
// `import` and with `require`, and through the `dealercare-rules` bin. Fails on the first problem.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = ['core', 'storage-memory', 'storage-sqlite', 'storage-postgres', 'reports'];
// storage-postgres is used on the local PostgreSQL (as the tests are), in a schema of its own.
const pgUrl = process.env.DEALERCARE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const scratch = mkdtempSync(join(tmpdir(), 'dealercare-install-'));
const tarballs = join(scratch, 'tarballs');
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  for (const p of packages) {
    run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', p));
  }
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  console.log(`packed: ${readdirSync(tarballs).join(', ')}`);

  const app = join(scratch, 'app');
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], app);

  const body = (load) => `
const core = ${load('@dealercare/core')};
const { memoryStorage } = ${load('@dealercare/storage-memory')};
const { sqliteStorage } = ${load('@dealercare/storage-sqlite')};
const { postgresStorage } = ${load('@dealercare/storage-postgres')};
const { maskPhone } = ${load('@dealercare/reports')};
const { createFakeClock } = core;
const event = {
  type: 'repair.settled', sourceId: 'RO-1', dealerId: 'd1', occurredAt: '2026-03-02T09:00:00+08:00',
  customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
  vehicle: { id: 'v1', vin: 'LGWEF4A59RH000001' }, repairOrderId: 'RO-1', repairKind: 'special',
};
const schema = 'dc_install_' + process.pid + '_' + Date.now();
const pg = postgresStorage({ url: ${JSON.stringify(pgUrl)}, schema });
for (const storage of [memoryStorage(), sqliteStorage({ filename: ':memory:' }), pg]) {
  const engine = core.createEngine({
    storage, clock: createFakeClock('2026-03-02T09:00:00+08:00'),
    rules: core.loadRulePack(core.SHIPPED_PACKS['great-wall']),
  });
  const r = await engine.ingest(event);
  const v = await engine.getVisit('d1', r.visitIds[0]);
  if (v.window.dueAt !== '2026-03-09T09:30:00.000Z') throw new Error('unexpected due ' + v.window.dueAt);
  await engine.close();
}
// The schema the check made: dropped with the driver the adapter brought along.
const pgModule = ${load('pg')};
const { Client } = pgModule.default ?? pgModule;
const admin = new Client({ connectionString: ${JSON.stringify(pgUrl)} });
await admin.connect();
await admin.query('DROP SCHEMA "' + schema + '" CASCADE');
await admin.end();
if (maskPhone('13812345678') === '13812345678') throw new Error('maskPhone did nothing');
if (core.chinaDataYears().from !== 2004) throw new Error('holiday data not loaded');
console.log('ok');
`;
  writeFileSync(
    join(app, 'esm.mjs'),
    body((m) => `await import('${m}')`),
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `(async () => {${body((m) => `require('${m}')`)}})().catch((e) => { console.error(e); process.exit(1); });`,
  );
  for (const f of ['esm.mjs', 'cjs.cjs']) {
    const out = run('node', [f], app).trim();
    console.log(`${f}: ${out}`);
    if (out !== 'ok') throw new Error(`${f} printed ${out}`);
  }

  // The JSON Schemas are exports an editor or a validator can resolve.
  const schemas = run(
    'node',
    [
      '-e',
      `for (const s of ['rule-pack', 'rule-pack-extension']) {
        const schema = require('@dealercare/core/schema/' + s + '.schema.json');
        if (!schema.$id.endsWith(s + '.schema.json')) throw new Error('wrong schema ' + s);
      }
      console.log('ok');`,
    ],
    app,
  ).trim();
  console.log(`schemas: ${schemas}`);
  if (schemas !== 'ok') throw new Error(`schemas: ${schemas}`);

  writeFileSync(
    join(app, 'pack.json'),
    JSON.stringify({
      $schema: './node_modules/@dealercare/core/schema/rule-pack-extension.schema.json',
      id: 'dealer-x',
      version: '1',
      extends: 'great-wall',
    }),
  );
  console.log(
    `bin: ${run('npx', ['--no-install', 'dealercare-rules', 'validate', 'pack.json'], app).trim()}`,
  );
  // simulate loads @dealercare/storage-memory, which core does not depend on, from the project.
  writeFileSync(
    join(app, 'events.jsonl'),
    `${JSON.stringify({
      type: 'vehicle.delivered',
      sourceId: 'DEL-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
      vehicle: { id: 'v1', vin: 'LGWEF4A59RH000001' },
    })}\n`,
  );
  const simulated = run(
    'npx',
    [
      '--no-install',
      'dealercare-rules',
      'simulate',
      '--events',
      'events.jsonl',
      '--pack',
      'pack.json',
      '--against',
      'pack.json',
    ],
    app,
  );
  if (!simulated.includes('differences: 0 items')) throw new Error(`simulate printed ${simulated}`);
  console.log('bin: simulate ok');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
