/** Do-not-contact per channel and vehicle, and SMS opt-in records: engine commands with history. */
import { describe, expect, it } from 'vitest';
import { notificationConsent } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, csManager, DEALER, delivery, onAdapter } from './setup';

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('contact consent', () => {
      it('records do-not-contact per channel and vehicle with its reason, on history; clears it', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        expect(
          await engine.getContactConsent({ dealerId: DEALER, customerId: 'c1' }),
        ).toBeUndefined();
        await engine.setDoNotContact({
          dealerId: DEALER,
          customerId: 'c1',
          channel: 'wechat',
          vehicleId: 'car1',
          reason: '车已转卖',
          actor: agent,
        });
        const both = await engine.setDoNotContact({
          dealerId: DEALER,
          customerId: 'c1',
          channel: 'sms',
          reason: '客户要求不发短信',
          actor: agent,
        });
        expect(both.doNotContact.map((e) => [e.channel, e.vehicleId, e.reason])).toEqual([
          ['wechat', 'car1', '车已转卖'],
          ['sms', undefined, '客户要求不发短信'],
        ]);
        expect(both.history.map((h) => [h.command, h.to, h.actor.id])).toEqual([
          ['setDoNotContact', 'do-not-contact wechat vehicle car1', agent.id],
          ['setDoNotContact', 'do-not-contact sms', agent.id],
        ]);
        const cleared = await engine.clearDoNotContact({
          dealerId: DEALER,
          customerId: 'c1',
          channel: 'sms',
          reason: '客户重新同意',
          actor: agent,
        });
        expect(cleared.doNotContact.map((e) => e.channel)).toEqual(['wechat']);
        expect(cleared.history.at(-1)).toMatchObject({
          command: 'clearDoNotContact',
          reason: '客户重新同意',
        });
        expect(await engine.getContactConsent({ dealerId: DEALER, customerId: 'c1' })).toEqual(
          cleared,
        );
      });

      it('keeps SMS opt-ins and opt-outs per phone; the latest is in force', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        await engine.recordSmsOptIn({
          dealerId: DEALER,
          customerId: 'c1',
          phone: '138 1234 5678',
          optedIn: true,
          source: 'signed-form',
          actor: agent,
        });
        const c = await engine.recordSmsOptIn({
          dealerId: DEALER,
          customerId: 'c1',
          phone: '+8613812345678',
          optedIn: false,
          source: 'sms-reply',
          actor: { kind: 'system', id: 'system' },
        });
        expect(c.smsOptIns.map((o) => [o.phone, o.optedIn, o.source])).toEqual([
          ['+8613812345678', true, 'signed-form'],
          ['+8613812345678', false, 'sms-reply'],
        ]);
        const customer = await engine.getCustomer(DEALER, 'c1');
        expect(
          notificationConsent(customer, c, { channel: 'sms', phone: '+8613812345678' }),
        ).toMatchObject({ reason: 'sms-opted-out' });
        expect(notificationConsent(customer, c, { channel: 'wechat' })).toBeUndefined();
      });

      it('erasing the customer keeps the entries but not the phones nor the reasons', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        await engine.setDoNotContact({
          dealerId: DEALER,
          customerId: 'c1',
          reason: '张三说别再打了',
          actor: agent,
        });
        await engine.recordSmsOptIn({
          dealerId: DEALER,
          customerId: 'c1',
          phone: '13812345678',
          optedIn: true,
          source: 'signed-form',
          actor: agent,
        });
        await engine.eraseCustomer(DEALER, 'c1', csManager);
        const c = await engine.getContactConsent({ dealerId: DEALER, customerId: 'c1' });
        expect(c?.doNotContact.map((e) => [e.channel, e.reason])).toEqual([['all', '[erased]']]);
        expect(c?.smsOptIns).toEqual([]);
        expect(JSON.stringify(c)).not.toMatch(/13812345678|张三/);
      });

      it('refuses an entry without a reason, and a customer it does not know', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        await expect(
          engine.setDoNotContact({ dealerId: DEALER, customerId: 'c1', reason: ' ', actor: agent }),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { issues: [expect.objectContaining({ path: ['reason'] })] },
        });
        await expect(
          engine.setDoNotContact({
            dealerId: DEALER,
            customerId: 'nobody',
            reason: '测试',
            actor: agent,
          }),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
    });
  });
}

describe('notificationConsent', () => {
  const consent = {
    doNotContact: [
      {
        channel: 'all' as const,
        vehicleId: 'car9',
        reason: 'sold',
        since: '2026-03-02T01:00:00.000Z',
        by: { kind: 'person' as const, id: 'a' },
      },
    ],
    smsOptIns: [],
  };
  it('a vehicle entry covers that vehicle on every channel, not the customer’s other vehicles', () => {
    const customer = { doNotContact: false };
    expect(
      notificationConsent(customer, consent, { channel: 'wechat', vehicleId: 'car9' }),
    ).toMatchObject({
      reason: 'do-not-contact',
    });
    expect(
      notificationConsent(customer, consent, { channel: 'wechat', vehicleId: 'car1' }),
    ).toBeUndefined();
    expect(
      notificationConsent(customer, consent, { channel: 'sms', phone: '+8613812345678' }),
    ).toEqual({
      reason: 'no-sms-opt-in',
      phone: '+8613812345678',
    });
    expect(notificationConsent({ doNotContact: true }, undefined, { channel: 'wechat' })).toEqual({
      reason: 'customer-do-not-contact',
    });
  });
});
