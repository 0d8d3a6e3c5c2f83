/**
 * Starts the DMS webhook service on SQLite: `pnpm --filter @dealercare/example-dms-webhooks start`
 * (PORT, default 3000; DB, default .data/dms.db in this folder). Ticks every minute.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@dealercare/core';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { createDmsServer } from './create-server';

const dir = fileURLToPath(new URL('../.data/', import.meta.url));
mkdirSync(dir, { recursive: true });
const engine = createEngine({
  storage: sqliteStorage({ filename: process.env.DB ?? `${dir}dms.db` }),
});
const server = createDmsServer(engine);
const port = Number(process.env.PORT ?? 3000);
server.listen(port, '127.0.0.1', () => console.log(`dms webhooks on http://127.0.0.1:${port}`));
const ticker = setInterval(() => engine.tick().catch(console.error), 60_000);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(ticker);
    server.close(() => engine.close().then(() => process.exit(0)));
  });
}
