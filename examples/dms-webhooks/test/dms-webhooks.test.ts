import type { AddressInfo } from 'node:net';
import { createEngine, createFakeClock } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmsServer } from '../src/create-server';

const clock = createFakeClock('2026-03-02T10:00:00+08:00');
const engine = createEngine({ storage: memoryStorage(), clock });
const server = createDmsServer(engine, { now: () => clock.now() });
let base = '';
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  await engine.close();
});

const post = (path: string, body: unknown) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const delivery = {
  type: 'vehicle.delivered',
  sourceId: 'DMS-DEL-1',
  dealerId: 'd1',
  occurredAt: '2026-03-02T09:00:00+08:00',
  customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
  vehicle: { id: 'v1', vin: 'LGWEF4A59RH000001' },
};
const agent = { kind: 'person', id: 'agent-1', name: '王芳', roles: ['followUpAgent'] };

describe('DMS webhooks example', () => {
  it('takes an event, and ignores its re-delivery', async () => {
    const first = await post('/events', delivery);
    expect(first.status).toBe(200);
    // The first-level visit and the default pack's four duties of a delivery (001/003).
    const taken = (await first.json()) as { status: string; visitIds: string[] };
    expect(taken).toMatchObject({ status: 'ingested' });
    expect(taken.visitIds).toHaveLength(5);
    const again = await post('/events', delivery);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate', visitIds: [] });
    const work = await (await fetch(`${base}/dealers/d1/work?role=followUpAgent`)).json();
    // Open now: the first-level visit and the thank-you (within a week [001]); the other duties
    // wait for their windows.
    expect(work).toHaveLength(2);
  });

  it('answers bad JSON and bad events with 400 and the problems', async () => {
    const broken = await post('/events', '{ "type": ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'INVALID_JSON' });
    const bad = await post('/events', {
      ...delivery,
      sourceId: 'DMS-DEL-2',
      occurredAt: 'yesterday',
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; details: { issues: { path: unknown[] }[] } };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.issues.map((i) => i.path)).toContainEqual(['occurredAt']);
  });

  it('records a call on the work list, checks who calls, and reports', async () => {
    const [visit] = (await (await fetch(`${base}/dealers/d1/work`)).json()) as { id: string }[];
    const attempt = await post(`/dealers/d1/visits/${visit!.id}/attempts`, {
      actor: agent,
      outcome: 'no-answer',
    });
    expect(attempt.status).toBe(200);
    expect(await attempt.json()).toMatchObject({ state: 'attempting', attempts: 1 });
    const system = await post(`/dealers/d1/visits/${visit!.id}/attempts`, {
      actor: { kind: 'system', id: 'system' },
      outcome: 'no-answer',
    });
    expect(system.status).toBe(403); // calls are real-name
    const missing = await post('/dealers/d1/visits/nope/attempts', {
      actor: agent,
      outcome: 'busy',
    });
    expect(missing.status).toBe(404);
    const report = await (await fetch(`${base}/dealers/d1/report`)).json();
    // the window has not closed yet: no visit is due, no rate
    expect(report).toMatchObject({
      dealerId: 'd1',
      // The delivery's five visits: one called, the thank-you open, three duties scheduled.
      visits: 5,
      byState: { attempting: 1, open: 1, scheduled: 3 },
      due: 0,
      followUpRate: null,
    });
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/dealers/%E0/work`)).status).toBe(400);
  });

  it('records consent: SMS opt-in and do-not-contact with a reason', async () => {
    const optIn = await post('/dealers/d1/customers/c1/sms-opt-in', {
      phone: '13812345678',
      optedIn: true,
      source: 'signed-form',
      actor: agent,
    });
    expect(optIn.status).toBe(200);
    expect(await optIn.json()).toMatchObject({
      smsOptIns: [{ phone: '+8613812345678', optedIn: true, source: 'signed-form' }],
    });
    const noReason = await post('/dealers/d1/customers/c1/do-not-contact', {
      channel: 'wechat',
      actor: agent,
    });
    expect(noReason.status).toBe(400);
    const dnc = await post('/dealers/d1/customers/c1/do-not-contact', {
      channel: 'wechat',
      vehicleId: 'v1',
      reason: '车已转卖',
      actor: agent,
    });
    expect(await dnc.json()).toMatchObject({
      doNotContact: [{ channel: 'wechat', vehicleId: 'v1', reason: '车已转卖' }],
    });
  });
});
