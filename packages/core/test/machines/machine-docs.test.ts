import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderMachineDocs } from '../../../../scripts/machine-docs';

it('docs/machines.md is generated from the current machine tables (run `pnpm docs:machines`)', () => {
  const committed = readFileSync(new URL('../../../../docs/machines.md', import.meta.url), 'utf8');
  expect(committed).toBe(renderMachineDocs());
});
