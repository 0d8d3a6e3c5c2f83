/**
 * The storage adapters the engine suite runs on — one list, as Kysely's test-setup has its
 * DIALECTS: every engine test file runs `for (const adapter of ADAPTERS)`. The environment
 * variable `DEALERCARE_ADAPTERS` (names separated by commas) narrows it, e.g.
 * `DEALERCARE_ADAPTERS=memory pnpm test` for a run without PostgreSQL.
 */
import { memoryTestAdapter } from './memory-adapter';
import { postgresTestAdapter } from './postgres-adapter';
import { sqliteTestAdapter } from './sqlite-adapter';
import type { TestAdapter, TestAdapterName } from './test-adapter';

export type { TestAdapter, TestAdapterName } from './test-adapter';

const FACTORIES: Record<TestAdapterName, () => TestAdapter> = {
  memory: memoryTestAdapter,
  sqlite: sqliteTestAdapter,
  postgres: postgresTestAdapter,
};

/** The names `DEALERCARE_ADAPTERS` asks for; every adapter when it is unset or empty. */
export function selectedAdapterNames(setting: string | undefined): readonly TestAdapterName[] {
  const known = Object.keys(FACTORIES) as TestAdapterName[];
  const asked = (setting ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (asked.length === 0) return known;
  const unknown = asked.filter((name) => !known.includes(name as TestAdapterName));
  if (unknown.length > 0) {
    // A typo must not quietly run the suite on nothing.
    throw new Error(
      `DEALERCARE_ADAPTERS names ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.join(', ')}`,
    );
  }
  return known.filter((name) => asked.includes(name));
}

/** The adapters of this run, each with stores of its own for this test file. */
export const ADAPTERS: readonly TestAdapter[] = selectedAdapterNames(
  process.env.DEALERCARE_ADAPTERS,
).map((name) => FACTORIES[name]());
