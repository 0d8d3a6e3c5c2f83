/**
 * Starts the DMS webhook service on SQLite: `pnpm --filter @dealercare/example-dms-webhooks start`
 * (PORT, default 3000; DB, default .data/dms.db in this folder). Ticks every minute, and sends
 * its SMS from the engine's feed every 5 seconds: to SMS_GATEWAY_URL (see `httpSmsGateway`), or
 * printed to the console when it is not set.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consoleChannel, createEngine } from '@dealercare/core';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { createDmsServer } from './create-server';
import { createServiceNotifier, httpSmsGateway } from './notifications';

const dir = fileURLToPath(new URL('../.data/', import.meta.url));
mkdirSync(dir, { recursive: true });
const engine = createEngine({
  storage: sqliteStorage({ filename: process.env.DB ?? `${dir}dms.db` }),
});
const server = createDmsServer(engine);
const port = Number(process.env.PORT ?? 3000);
server.listen(port, '127.0.0.1', () => console.log(`dms webhooks on http://127.0.0.1:${port}`));
const ticker = setInterval(() => engine.tick().catch(console.error), 60_000);
const gateway = process.env.SMS_GATEWAY_URL;
const notifier = createServiceNotifier(engine, {
  sms: gateway !== undefined ? httpSmsGateway(gateway) : consoleChannel(),
  cursorFile: process.env.CURSOR ?? `${dir}notifier.cursor`,
  onSkipped: (text) => console.log(text),
});
const stopNotifier = notifier.start({ intervalMs: 5_000 });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(ticker);
    server.close(() =>
      stopNotifier()
        .then(() => engine.close())
        .then(() => process.exit(0)),
    );
  });
}
