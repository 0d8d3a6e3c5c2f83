#!/usr/bin/env node
// Runs every benchmark under bench/ (or those whose name contains the first argument).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}
let failed = false;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(
    process.execPath,
    ['--conditions=dealercare-source', '--import', 'tsx', `${here}/${f}`],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
