/**
 * The service survives restarts without losing or repeating an SMS: its notifier process is
 * killed after events committed but before they were sent, and after messages were sent but
 * before the cursor recorded it. The gateway (here, in the test) sends each idempotency key
 * once; every message must reach it, and none twice.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type DomainEvent, dataMatches } from '@dealercare/core';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../src/notifications';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dc-webhooks-'));
const db = join(dir, 'dms.db');
const cursorFile = join(dir, 'notifier.cursor');

/** The SMS gateway: what it was asked, and what it sent (once per idempotency key). */
const requests: { key: string; to: string; text: string }[] = [];
const delivered = new Map<string, { to: string; text: string }>();
let gateway: Server;
let gatewayUrl = '';
beforeAll(async () => {
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        to: string;
        text: string;
      };
      requests.push({ key, ...body });
      const duplicate = delivered.has(key);
      if (!duplicate) delivered.set(key, body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: duplicate ? 'duplicate' : 'sent', id: key }));
    });
  });
  await new Promise<void>((ok) => gateway.listen(0, '127.0.0.1', ok));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
});
afterAll(async () => {
  await new Promise((ok) => gateway.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one life of the worker; resolves with how it ended. */
function life(mode: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=dealercare-source',
      '--import',
      'tsx',
      join(here, 'fixtures', 'notify-worker.ts'),
      db,
      cursorFile,
      gatewayUrl,
      mode,
    ],
    { cwd: join(here, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
}

/** Every event of the log, as a fresh engine on the file reads it. */
async function allEvents(): Promise<DomainEvent[]> {
  const engine = createEngine({ storage: sqliteStorage({ filename: db }) });
  const events: DomainEvent[] = [];
  try {
    let after: string | undefined;
    for (;;) {
      const page = await engine.feed(after === undefined ? {} : { after });
      events.push(...page.events);
      if (page.events.length === 0) return events;
      after = page.cursor;
    }
  } finally {
    await engine.close();
  }
}

describe('notifications across restarts', () => {
  it('each message reaches the gateway exactly once: none lost to a crash, none sent twice', async () => {
    // Committed, then killed before any send.
    expect(await life('ingest:1:6')).toMatchObject({ signal: 'SIGKILL' });
    expect(requests).toHaveLength(0);
    // Sends two, killed before the cursor is saved; then three more (two of them again).
    expect(await life('send:2')).toMatchObject({ signal: 'SIGKILL' });
    expect(delivered.size).toBe(2);
    expect(await life('send:3')).toMatchObject({ signal: 'SIGKILL' });
    // More events come in while the notifier is down; a last life sends the rest.
    expect(await life('ingest:7:9')).toMatchObject({ signal: 'SIGKILL' });
    const last = await life('drain');
    expect(last.out).toContain('drained');
    expect(last.code).toBe(0);

    const template = (e: { type: string; data: Record<string, unknown> }) =>
      TEMPLATES.find((t) => t.on === e.type && dataMatches(t, e.data));
    const expected = (await allEvents())
      .filter((e) => template(e) !== undefined)
      .map((e) => `${e.dealerId}/${e.seq}/${template(e)!.id}`);
    expect(expected).toHaveLength(9);
    // Not lost: every message the log calls for reached the gateway; none sent twice.
    expect([...delivered.keys()].sort()).toEqual([...expected].sort());
    // At least once underneath: the lives after a kill re-sent what the gateway dropped.
    expect(requests.length).toBeGreaterThan(delivered.size);
    expect(new Set(requests.map((r) => r.key)).size).toBe(delivered.size);
    for (const [, m] of delivered) expect(m.text).toMatch(/^客户\d+您好/);
  }, 120_000);
});
