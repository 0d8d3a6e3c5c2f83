/**
 * The DMS-facing HTTP service, on `node:http`:
 *
 *   POST /events                            a DMS event, or an array of them (one transaction)
 *   GET  /dealers/:dealer/work?role=…       open visits for a role, most urgent first
 *   POST /dealers/:dealer/visits/:id/attempts   record a call (body: actor, outcome, …)
 *   GET  /dealers/:dealer/report            follow-up figures for the dealer
 *   GET  /dealers/:dealer/desk?agent=…      an agent's work-list page (HTML; see desk-page.ts)
 *   POST /dealers/:dealer/customers/:id/do-not-contact   (body: channel, vehicleId, reason, actor)
 *   POST /dealers/:dealer/customers/:id/sms-opt-in       (body: phone, optedIn, source, actor)
 *
 * Bad JSON or input → 400 with every problem and its path; a duplicate DMS event → 200 with
 * `status: "duplicate"` and no new work.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Engine } from '@dealercare/core';
import { deskRoute, errorPage } from './desk-page';
import { errorResponse, RequestError } from './http-errors';

const MAX_BODY = 1_000_000;

/** Every item of a listing, page by page (listings are ordered by id and capped per call). */
async function everyPage<T extends { id: string }>(
  page: (afterId: string | undefined) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let last: string | undefined; ; ) {
    const rows = await page(last);
    out.push(...rows);
    if (rows.length === 0) return out;
    last = rows.at(-1)!.id;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new RequestError(413, 'BODY_TOO_LARGE', `body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new RequestError(400, 'INVALID_JSON', `body is not JSON: ${(e as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function route(
  engine: Engine,
  options: Required<DmsServerOptions>,
  req: IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new RequestError(400, 'INVALID_PATH', `malformed path ${url.pathname}`);
  }
  if (req.method === 'POST' && url.pathname === '/events') {
    const body = await readJson(req);
    if (Array.isArray(body)) return { status: 200, body: await engine.ingestMany(body) };
    return { status: 200, body: await engine.ingest(body as Parameters<Engine['ingest']>[0]) };
  }
  if (parts[0] === 'dealers' && parts[1] !== undefined) {
    const dealerId = parts[1];
    if (req.method === 'GET' && parts[2] === 'work' && parts.length === 3) {
      const role = url.searchParams.get('role') ?? 'followUpAgent';
      const visits = await everyPage((afterId) =>
        engine.listVisits({
          dealerId,
          status: ['open', 'attempting'],
          assigneeRole: role,
          ...(afterId !== undefined ? { afterId } : {}),
        }),
      );
      visits.sort((a, b) => a.window.dueAt.localeCompare(b.window.dueAt));
      return {
        status: 200,
        body: visits.map((v) => ({
          id: v.id,
          type: v.type,
          state: v.state,
          customerId: v.subject.customerId,
          dueAt: v.window.dueAt,
          attempts: v.attempts.length,
        })),
      };
    }
    if (
      req.method === 'POST' &&
      parts[2] === 'visits' &&
      parts[4] === 'attempts' &&
      parts.length === 5
    ) {
      const body = (await readJson(req)) as Record<string, unknown>;
      const visit = await engine.recordAttempt({
        ...body,
        dealerId,
        visitId: parts[3]!,
      } as Parameters<Engine['recordAttempt']>[0]);
      return {
        status: 200,
        body: { id: visit.id, state: visit.state, attempts: visit.attempts.length },
      };
    }
    if (req.method === 'POST' && parts[2] === 'customers' && parts.length === 5) {
      const body = (await readJson(req)) as Record<string, unknown>;
      const input = { ...body, dealerId, customerId: parts[3]! };
      if (parts[4] === 'do-not-contact') {
        const c = await engine.setDoNotContact(input as Parameters<Engine['setDoNotContact']>[0]);
        return { status: 200, body: { doNotContact: c.doNotContact } };
      }
      if (parts[4] === 'sms-opt-in') {
        const c = await engine.recordSmsOptIn(input as Parameters<Engine['recordSmsOptIn']>[0]);
        return { status: 200, body: { smsOptIns: c.smsOptIns } };
      }
    }
    if (req.method === 'GET' && parts[2] === 'report' && parts.length === 3) {
      const visits = await everyPage((afterId) =>
        engine.listVisits({ dealerId, ...(afterId !== undefined ? { afterId } : {}) }),
      );
      const byState: Record<string, number> = {};
      for (const v of visits) byState[v.state] = (byState[v.state] ?? 0) + 1;
      // The follow-up rate: completed among the visits whose window has closed.
      const now = options.now().toISOString();
      const due = visits.filter(
        (v) => v.window.dueAt <= now && v.state !== 'doNotVisit' && v.state !== 'cancelled',
      );
      const done = due.filter((v) => v.state === 'completed').length;
      return {
        status: 200,
        body: {
          dealerId,
          visits: visits.length,
          byState,
          due: due.length,
          followUpRate: due.length === 0 ? null : done / due.length,
        },
      };
    }
  }
  throw new RequestError(404, 'NO_ROUTE', `no route for ${req.method} ${url.pathname}`);
}

/** Options of {@link createDmsServer}. */
export interface DmsServerOptions {
  /** "Now" for the report (default: the system clock; pass the engine's clock in tests). */
  readonly now?: () => Date;
}

/** An HTTP server over an engine. Listen with `server.listen(port)`. */
export function createDmsServer(engine: Engine, options: DmsServerOptions = {}): Server {
  const resolved = { now: options.now ?? (() => new Date()) };
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[2] === 'desk') {
      let decoded: string[];
      try {
        decoded = parts.map(decodeURIComponent);
      } catch {
        decoded = [];
      }
      deskRoute(engine, req, url, decoded, resolved.now())
        .then((r) => {
          if (r === undefined) {
            throw new RequestError(404, 'NO_ROUTE', `no route for ${req.method} ${url.pathname}`);
          }
          if (r.kind === 'redirect') {
            res.writeHead(303, { location: r.location });
            res.end();
          } else {
            res.writeHead(r.status, { 'content-type': 'text/html; charset=utf-8' });
            res.end(r.html);
          }
        })
        .catch((error: unknown) => {
          const { status, body } = errorResponse(error);
          if (status >= 500) console.error(error);
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
          res.end(errorPage(body as { code?: string; message?: string }));
        });
      return;
    }
    route(engine, resolved, req).then(
      ({ status, body }) => send(res, status, body),
      (error: unknown) => {
        const { status, body } = errorResponse(error);
        if (status >= 500) console.error(error);
        send(res, status, body);
      },
    );
  });
}
