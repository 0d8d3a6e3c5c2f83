import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    // import.meta.url in the CJS build (china.ts reads the chinese-days data with createRequire).
    shims: true,
  },
  {
    // The CLI: ESM only, with a shebang, not part of the library's type surface.
    entry: { 'cli/dealercare-rules': 'src/cli/dealercare-rules.ts' },
    format: ['esm'],
    sourcemap: true,
    shims: true,
    target: 'node20',
  },
]);
