/**
 * The notifier: the engine's events, read from the feed with a cursor it keeps, become messages
 * through a channel — consent respected, each message exactly once at a channel that honours
 * its idempotency key, also when sending fails half-way through a page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStorage } from '@dealercare/storage-memory';
import { afterAll, describe, expect, it } from 'vitest';
import {
  consoleChannel,
  createEngine,
  createFakeClock,
  createNotifier,
  fileCursorStore,
  memoryCursorStore,
  type NotificationTemplate,
  type SkippedMessage,
  testChannel,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter, repair, WITHOUT_DUTIES } from './setup';

const templates: NotificationTemplate[] = [
  {
    id: 'thanks',
    on: 'visit.scheduled',
    channel: 'sms',
    text: '{customerName}您好，感谢您选择本店（{dealerId}）。回复TD退订',
  },
  {
    id: 'thanks-wx',
    on: 'visit.scheduled',
    channel: 'wechat',
    text: '{customerName}，车辆 {vehicleId} 的回访已安排',
  },
];

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('notifier', () => {
      it('sends what the templates make of events, once, and only what consent allows', async () => {
        // The default pack's duties would announce more visits: this is about pages and consent.
        const { engine, seen } = setup(undefined, { rules: WITHOUT_DUTIES });
        await engine.ingest(delivery());
        await engine.ingest(repair());
        await engine.recordSmsOptIn({
          dealerId: DEALER,
          customerId: 'c1',
          phone: '13812345678',
          optedIn: true,
          source: 'signed-form',
          actor: agent,
        });
        await engine.setDoNotContact({
          dealerId: DEALER,
          customerId: 'c2',
          channel: 'wechat',
          vehicleId: 'car2',
          reason: '客户不用微信',
          actor: agent,
        });
        const sms = testChannel({ name: 'sms' });
        const wechat = testChannel({ name: 'wechat' });
        const skipped: SkippedMessage[] = [];
        const notifier = createNotifier({
          engine,
          channels: { sms, wechat },
          templates,
          cursor: memoryCursorStore(),
          pageSize: 2,
          onSkipped: (s) => skipped.push(s),
        });
        const first = await notifier.poll();
        expect(first.read).toBe(seen.length);
        // c1 opted in to SMS and has WeChat; c2 has no SMS opt-in, and no WeChat for car2.
        expect(sms.sent.map((m) => [m.customerId, m.to, m.text])).toEqual([
          ['c1', '+8613812345678', '张三您好，感谢您选择本店（d1）。回复TD退订'],
        ]);
        expect(wechat.sent.map((m) => [m.customerId, m.vehicleId, m.text])).toEqual([
          ['c1', 'car1', '张三，车辆 car1 的回访已安排'],
        ]);
        // c2's repair makes two visits (the special-repair visit and the CSI sample's): each
        // skipped on both channels.
        expect(skipped.map((s) => [s.template.id, s.reason.reason])).toEqual([
          ['thanks', 'no-sms-opt-in'],
          ['thanks-wx', 'do-not-contact'],
          ['thanks', 'no-sms-opt-in'],
          ['thanks-wx', 'do-not-contact'],
        ]);
        expect(first).toMatchObject({ sent: 2, duplicates: 0, skipped: 4 });
        expect(sms.sent[0]!.key).toBe(`${DEALER}/${sms.sent[0]!.event.seq}/thanks`);
        // Nothing new: nothing sent again.
        expect(await notifier.poll()).toEqual({ read: 0, sent: 0, duplicates: 0, skipped: 0 });
        notifier.close();
      });

      it('a send failing half-way through a page: the page is sent again, each message once', async () => {
        const { engine } = setup(undefined, { rules: WITHOUT_DUTIES });
        await engine.ingest(delivery());
        await engine.ingest(
          delivery({
            sourceId: 'DMS-DEL-2',
            customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
            vehicle: { id: 'car3', vin: 'LGWEF4A59RH000003' },
          }),
        );
        const wechat = testChannel({ name: 'wechat' });
        const cursor = memoryCursorStore();
        const notifier = createNotifier({
          engine,
          channels: { wechat },
          templates: [templates[1]!],
          cursor,
        });
        // The first send of the page fails: nothing is saved, the next poll sends the page again.
        wechat.failNext(1);
        await expect(notifier.poll()).rejects.toThrow(/simulated outage/);
        expect(await cursor.load()).toBeUndefined();
        const retry = await notifier.poll();
        expect(retry).toMatchObject({ sent: 2, duplicates: 0 });
        // Now the second of two sends fails, after a new visit: the first is not sent twice.
        await engine.ingest(
          delivery({ sourceId: 'DMS-DEL-3', vehicle: { id: 'car4', vin: 'LGWEF4A59RH000004' } }),
        );
        await engine.ingest(
          delivery({ sourceId: 'DMS-DEL-4', vehicle: { id: 'car5', vin: 'LGWEF4A59RH000005' } }),
        );
        const saved = await cursor.load();
        const failing = createNotifier({
          engine,
          channels: {
            wechat: {
              name: 'flaky',
              send: (m) =>
                m.vehicleId === 'car5' ? Promise.reject(new Error('gateway down')) : wechat.send(m),
            },
          },
          templates: [templates[1]!],
          cursor,
        });
        await expect(failing.poll()).rejects.toThrow(/gateway down/);
        expect(await cursor.load()).toBe(saved);
        const resumed = await notifier.poll();
        expect(resumed).toMatchObject({ sent: 1, duplicates: 1 });
        expect(wechat.sent.map((m) => m.vehicleId)).toEqual(['car1', 'car3', 'car4', 'car5']);
      });

      it('a reply TD opts the phone out: later SMS are not sent', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        await engine.recordSmsOptIn({
          dealerId: DEALER,
          customerId: 'c1',
          phone: '13812345678',
          optedIn: true,
          source: 'signed-form',
          actor: agent,
        });
        const sms = testChannel({ name: 'sms' });
        const notifier = createNotifier({
          engine,
          channels: { sms },
          templates: [templates[0]!],
          cursor: memoryCursorStore(),
        });
        await notifier.poll();
        expect(sms.sent.length).toBeGreaterThan(0);
        await sms.reply(sms.sent[0]!.key, ' td ', '2026-03-02T02:00:00.000Z');
        const consent = await engine.getContactConsent({ dealerId: DEALER, customerId: 'c1' });
        expect(consent?.smsOptIns.at(-1)).toMatchObject({
          optedIn: false,
          source: 'sms-reply',
          phone: '+8613812345678',
        });
        const before = sms.sent.length;
        await engine.ingest(
          delivery({ sourceId: 'DMS-DEL-2', vehicle: { id: 'car3', vin: 'LGWEF4A59RH000003' } }),
        );
        const after = await notifier.poll();
        expect(sms.sent.length).toBe(before);
        expect(after.skipped).toBeGreaterThan(0);
        notifier.close();
      });
    });
  });
}

describe('fileCursorStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dc-cursor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('has nothing before the first save, then what was saved last, across instances', async () => {
    const file = join(dir, 'sub', 'notifier.cursor');
    expect(await fileCursorStore(file).load()).toBeUndefined();
    await fileCursorStore(file).save('pg1:{"lo":"1:2:"}');
    await fileCursorStore(file).save('42');
    expect(await fileCursorStore(file).load()).toBe('42');
  });
});

describe('channels and the polling loop', () => {
  it('consoleChannel prints a key once and reports it delivered; testChannel answers status', async () => {
    const lines: string[] = [];
    const channel = consoleChannel({ write: (l) => lines.push(l) });
    const message = {
      key: 'd1/7/thanks',
      channel: 'sms',
      to: '+8613812345678',
      template: 'thanks',
      text: '您好',
      dealerId: 'd1',
      customerId: 'c1',
      event: { type: 'visit.scheduled', seq: 7 },
    };
    expect(await channel.send(message)).toEqual({ status: 'sent', providerId: 'd1/7/thanks' });
    expect(await channel.send(message)).toEqual({ status: 'duplicate' });
    expect(lines).toEqual(['[sms → +8613812345678] 您好 (d1/7/thanks)']);
    expect(await channel.status?.('d1/7/thanks')).toBe('delivered');
    expect(await channel.status?.('d1/8/thanks')).toBe('unknown');
    const test = testChannel();
    await test.send(message);
    test.setStatus(message.key, 'failed');
    expect(await test.status(message.key)).toBe('failed');
  });

  it('start() polls until stopped; a template naming no channel is refused up front', async () => {
    const engine = createEngine({
      storage: memoryStorage(),
      clock: createFakeClock('2026-03-02T09:00:00+08:00'),
      rules: WITHOUT_DUTIES,
    });
    expect(() =>
      createNotifier({ engine, channels: {}, templates, cursor: memoryCursorStore() }),
    ).toThrow(/templates\[0\]\.channel: no channel "sms"/);
    const wechat = testChannel();
    const notifier = createNotifier({
      engine,
      channels: { wechat },
      templates: [templates[1]!],
      cursor: memoryCursorStore(),
    });
    const stop = notifier.start({ intervalMs: 5 });
    await engine.ingest(delivery());
    for (let i = 0; i < 200 && wechat.sent.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await stop();
    expect(wechat.sent.map((m) => m.template)).toEqual(['thanks-wx']);
  });
});
