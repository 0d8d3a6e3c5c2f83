/**
 * The DMS feed arrives out of order and re-delivers: customer and vehicle data is last writer wins
 * by event time, a pick-up before its repair order waits for it, and a re-delivery with a
 * different payload is a correction — nothing acknowledged is lost.
 */
import { describe, expect, it } from 'vitest';
import type { DmsEventInput } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter, repair, repairOutsideSample } from './setup';

const pickUp = (over: Partial<Extract<DmsEventInput, { type: 'vehicle.picked-up' }>> = {}) =>
  ({
    type: 'vehicle.picked-up',
    sourceId: 'DMS-PU-1',
    dealerId: DEALER,
    occurredAt: '2026-03-02T16:00:00+08:00',
    vehicleId: 'car2',
    repairOrderId: 'RO-1',
    ...over,
  }) as const;

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('customer and vehicle data: last writer wins by event time', () => {
      it('an older repair order arriving after a newer customer change keeps the new phone', async () => {
        const { engine } = setup();
        await engine.ingest({
          type: 'customer.changed',
          sourceId: 'DMS-CC-1',
          dealerId: DEALER,
          occurredAt: '2026-03-02T10:00:00+08:00',
          customer: { id: 'c2', name: '李四', phones: [{ number: '13911112222' }] },
        });
        const late = await engine.ingest(
          repairOutsideSample({ occurredAt: '2026-03-02T08:50:00+08:00' }),
        );
        expect(late.status).toBe('ingested');
        // The repair's visit is still made, and the dormancy duty armed by the service [001].
        expect(late.visitIds).toHaveLength(2);
        const c = await engine.getCustomer(DEALER, 'c2');
        expect(c.phones.map((p) => p.number)).toEqual(['+8613911112222']);
        expect(c.profileAt).toBe('2026-03-02T02:00:00.000Z');
        // a newer one does replace it
        await engine.ingest(
          repair({
            sourceId: 'DMS-RO-2',
            repairOrderId: 'RO-2',
            occurredAt: '2026-03-03T09:00:00+08:00',
            customer: { id: 'c2', name: '李四', phones: [{ number: '13933334444' }] },
          }),
        );
        expect((await engine.getCustomer(DEALER, 'c2')).phones[0]?.number).toBe('+8613933334444');
      });
    });

    describe('a pick-up before its repair order', () => {
      it('is parked, then applied when the repair order arrives: the visit is not left "do not visit"', async () => {
        const { engine, seen } = setup();
        const early = await engine.ingest(pickUp());
        expect(early.status).toBe('parked');
        const [parked] = await engine.listParkedEvents({ dealerId: DEALER });
        expect(parked).toMatchObject({
          sourceId: 'DMS-PU-1',
          state: 'waiting',
          waitsFor: { kind: 'repair.settled', vehicleId: 'car2', repairOrderId: 'RO-1' },
          expiresAt: '2026-03-09T01:00:00.000Z',
        });
        const r = await engine.ingest(repair({ pickedUp: false, repairKind: 'general' }));
        const visit = await engine.getVisit(DEALER, r.visitIds[0]!);
        expect(visit.state).not.toBe('doNotVisit');
        expect(visit.history.map((h) => h.to)).toEqual(['scheduled', 'doNotVisit', 'open']);
        expect(await engine.listParkedEvents({ dealerId: DEALER })).toEqual([]);
        const [applied] = await engine.listParkedEvents({ dealerId: DEALER, status: 'applied' });
        expect(applied?.appliedWith).toBe('DMS-RO-1');
        expect(seen.map((e) => e.type)).toEqual(
          expect.arrayContaining([
            'dms.parked',
            'visit.do-not-visit',
            'visit.resumed',
            'dms.applied',
          ]),
        );
      });

      it('without a repair order id it waits for the next one settled before the pick-up', async () => {
        const { engine } = setup();
        expect((await engine.ingest(pickUp({ repairOrderId: undefined }))).status).toBe('parked');
        // a repair settled after the pick-up is another visit to the workshop: it stays waiting
        const later = await engine.ingest(
          repair({ pickedUp: false, occurredAt: '2026-03-02T17:00:00+08:00' }),
        );
        expect((await engine.getVisit(DEALER, later.visitIds[0]!)).state).toBe('doNotVisit');
        expect(await engine.listParkedEvents({ dealerId: DEALER })).toHaveLength(1);
      });

      it('without a repair order id it also ends an order settled before it that arrives later', async () => {
        const { engine } = setup();
        await engine.ingest(repair({ pickedUp: false }));
        expect((await engine.ingest(pickUp({ repairOrderId: undefined }))).status).toBe('ingested');
        // Another order of the car, settled at 10:00 (before the 16:00 pick-up), arrives late: the
        // car left with it, as it would have been in order.
        const late = await engine.ingest(
          repair({
            sourceId: 'DMS-RO-2',
            repairOrderId: 'RO-2',
            pickedUp: false,
            occurredAt: '2026-03-02T10:00:00+08:00',
          }),
        );
        expect((await engine.getVisit(DEALER, late.visitIds[0]!)).state).not.toBe('doNotVisit');
        // One settled after the pick-up is another visit to the workshop: it waits.
        const after = await engine.ingest(
          repair({
            sourceId: 'DMS-RO-3',
            repairOrderId: 'RO-3',
            pickedUp: false,
            occurredAt: '2026-03-02T17:00:00+08:00',
          }),
        );
        expect((await engine.getVisit(DEALER, after.visitIds[0]!)).state).toBe('doNotVisit');
      });

      it('parked without a repair order id, it ends every order settled before it, whichever came first', async () => {
        const { engine } = setup();
        expect((await engine.ingest(pickUp({ repairOrderId: undefined }))).status).toBe('parked');
        await engine.ingest(repair({ pickedUp: true })); // applies the parked pick-up
        const late = await engine.ingest(
          repair({
            sourceId: 'DMS-RO-2',
            repairOrderId: 'RO-2',
            pickedUp: false,
            occurredAt: '2026-03-02T10:00:00+08:00',
          }),
        );
        expect((await engine.getVisit(DEALER, late.visitIds[0]!)).state).not.toBe('doNotVisit');
      });

      it('expires after the wait with dms.expired, kept for a person to look at', async () => {
        const { engine, seen } = setup();
        await engine.ingest(pickUp());
        const r = await engine.tick(new Date('2026-03-09T09:00:00+08:00'));
        expect(r.fired).toBe(1);
        const [expired] = await engine.listParkedEvents({ dealerId: DEALER, status: 'expired' });
        expect(expired?.sourceId).toBe('DMS-PU-1');
        expect(seen.find((e) => e.type === 'dms.expired')?.data).toMatchObject({
          sourceId: 'DMS-PU-1',
          type: 'vehicle.picked-up',
        });
      });

      it('in order, or for a car already picked up, nothing is parked', async () => {
        const { engine } = setup();
        const r = await engine.ingest(repair({ pickedUp: false }));
        expect((await engine.ingest(pickUp())).status).toBe('ingested');
        expect((await engine.getVisit(DEALER, r.visitIds[0]!)).state).toBe('open');
        expect(
          (
            await engine.ingest(
              pickUp({ sourceId: 'DMS-PU-2', occurredAt: '2026-03-02T17:00:00+08:00' }),
            )
          ).status,
        ).toBe('ingested');
        expect(await engine.listParkedEvents({ dealerId: DEALER })).toEqual([]);
      });
    });

    describe('a re-delivery with a different payload', () => {
      it('is a correction: the customer takes the corrected phone, and it says so', async () => {
        const { engine, seen } = setup();
        await engine.ingest(delivery());
        const corrected = await engine.ingest(
          delivery({ customer: { id: 'c1', name: '张三', phones: [{ number: '13899998888' }] } }),
        );
        expect(corrected.status).toBe('corrected');
        expect((await engine.getCustomer(DEALER, 'c1')).phones[0]?.number).toBe('+8613899998888');
        expect(seen.at(-1)).toMatchObject({
          type: 'dms.corrected',
          data: { sourceId: 'DMS-DEL-1' },
        });
        // the original re-sent after its correction is an old message: a duplicate, no revert
        expect((await engine.ingest(delivery())).status).toBe('duplicate');
        expect((await engine.getCustomer(DEALER, 'c1')).phones[0]?.number).toBe('+8613899998888');
        // the corrected payload again is a plain duplicate
        expect(
          (
            await engine.ingest(
              delivery({
                customer: { id: 'c1', name: '张三', phones: [{ number: '13899998888' }] },
              }),
            )
          ).status,
        ).toBe('duplicate');
      });

      it('a repair order corrected to "picked up" resumes its visit; a changed kind swaps the visit', async () => {
        const { engine } = setup();
        const first = await engine.ingest(
          repairOutsideSample({ pickedUp: false, repairKind: 'general' }),
        );
        const v0 = first.visitIds[0]!;
        expect((await engine.getVisit(DEALER, v0)).state).toBe('doNotVisit');
        const fixed = await engine.ingest(
          repairOutsideSample({ pickedUp: true, repairKind: 'general' }),
        );
        expect(fixed.status).toBe('corrected');
        const v1 = await engine.getVisit(DEALER, v0);
        expect(v1.state).toBe('open');
        expect(v1.history.at(-1)?.reason).toMatch(/DMS-RO-1 corrected/);

        const kind = await engine.ingest(
          repairOutsideSample({ pickedUp: true, repairKind: 'special' }),
        );
        expect((await engine.getVisit(DEALER, v0)).state).toBe('cancelled');
        // Besides the dormancy duty the repair armed (its rule still applies): one new visit.
        const swapped = [];
        for (const id of kind.visitIds.filter((x) => x !== v0)) {
          const v = await engine.getVisit(DEALER, id);
          if (v.type === 'postRepair') swapped.push(v);
        }
        expect(swapped).toHaveLength(1);
        expect(swapped[0]!.ruleId).toBe('post-repair-special');
      });

      it('leaves the follow-up of a visit already done alone (the second-level visit stays)', async () => {
        const { engine, clock } = setup();
        const first = await engine.ingest(delivery());
        const visitId = first.visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({
          dealerId: DEALER,
          visitId,
          actor: agent,
          answers: {
            testDriveOffered: true,
            deliveryCeremony: true,
            reception: 9,
            courtesy: 9,
            delivery: 9,
            recommend: true,
          },
        });
        const [second] = (await engine.listVisits({ dealerId: DEALER })).filter(
          (v) => v.ruleId === 'second-level-after-first',
        );
        expect(second?.state).toBe('scheduled');
        clock.advance({ hours: 1 });
        const fixed = await engine.ingest(
          delivery({ customer: { id: 'c1', name: '张三', phones: [{ number: '13899998888' }] } }),
        );
        expect(fixed.status).toBe('corrected');
        // The second-level visit follows the first-level one, not the delivery's rules: a corrected
        // phone must not cancel it as a visit whose rule "no longer applies".
        expect((await engine.getVisit(DEALER, second!.id)).state).toBe('scheduled');
        // The delivery's own visits (first-level and duties), and no follow-up among them.
        expect(fixed.visitIds).toEqual(first.visitIds);
      });

      it('a repair order corrected after its pick-up stays picked up (its visit goes ahead)', async () => {
        const { engine } = setup();
        const first = await engine.ingest(repair({ pickedUp: false, repairKind: 'general' }));
        const v0 = first.visitIds[0]!;
        expect((await engine.ingest(pickUp())).status).toBe('ingested');
        expect((await engine.getVisit(DEALER, v0)).state).toBe('open');
        // The DMS corrects the order's phone, still saying "not picked up" as when it was settled:
        // the pick-up that came since is not undone.
        const phone = await engine.ingest(
          repair({
            pickedUp: false,
            repairKind: 'general',
            customer: { id: 'c2', name: '李四', phones: [{ number: '13900002222' }] },
          }),
        );
        expect(phone.status).toBe('corrected');
        expect((await engine.getVisit(DEALER, v0)).state).toBe('open');
        // A corrected kind swaps the visit; the new one is not "do not visit" either.
        const kind = await engine.ingest(repair({ pickedUp: false, repairKind: 'special' }));
        const swapped = kind.visitIds.filter((id) => id !== v0);
        expect((await engine.getVisit(DEALER, v0)).state).toBe('cancelled');
        expect((await engine.getVisit(DEALER, swapped[0]!)).state).toBe('open');
      });

      it('a pick-up parked before its repair order also survives a correction of the order', async () => {
        const { engine } = setup();
        expect((await engine.ingest(pickUp())).status).toBe('parked');
        const first = await engine.ingest(repair({ pickedUp: false, repairKind: 'general' }));
        const v0 = first.visitIds[0]!;
        expect((await engine.getVisit(DEALER, v0)).state).toBe('open');
        await engine.ingest(
          repair({ pickedUp: false, repairKind: 'general', serviceAdvisorId: 'sa-2' }),
        );
        expect((await engine.getVisit(DEALER, v0)).state).toBe('open');
      });

      it('a corrected event time moves the pending visit’s window from the new anchor', async () => {
        const { engine } = setup();
        const first = await engine.ingest(repair({ repairKind: 'general' }));
        const before = await engine.getVisit(DEALER, first.visitIds[0]!);
        await engine.ingest(
          repair({ repairKind: 'general', occurredAt: '2026-03-03T08:50:00+08:00' }),
        );
        const after = await engine.getVisit(DEALER, first.visitIds[0]!);
        expect(after.window.anchoredAt).toBe('2026-03-03T00:50:00.000Z');
        // working day 3 moves from Thu 03-05 to Fri 03-06
        expect(before.window.opensAt).toBe('2026-03-05T00:30:00.000Z');
        expect(after.window.opensAt).toBe('2026-03-06T00:30:00.000Z');
      });

      it('a complaint takes the correction while just received, later it is reported as not applied', async () => {
        const { engine, seen } = setup();
        const complaint = (description: string): DmsEventInput => ({
          type: 'complaint.received',
          sourceId: 'DMS-CP-1',
          dealerId: DEALER,
          occurredAt: '2026-03-02T09:00:00+08:00',
          customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
          source: 'inboundCall',
          description,
        });
        const r = await engine.ingest(complaint('异响'));
        await engine.ingest(complaint('发动机异响'));
        expect((await engine.getComplaint(DEALER, r.complaintIds[0]!)).description).toBe(
          '发动机异响',
        );
        await engine.moveComplaint({
          dealerId: DEALER,
          complaintId: r.complaintIds[0]!,
          actor: { kind: 'person', id: 'cs-1', roles: ['csManager'] },
          command: 'classify',
          category: 'repairTechnique',
        });
        await engine.moveComplaint({
          dealerId: DEALER,
          complaintId: r.complaintIds[0]!,
          actor: { kind: 'person', id: 'td-1', roles: ['technicalDirector'] },
          command: 'startInvestigation',
        });
        await engine.ingest(complaint('发动机异响，已两次返修'));
        expect((await engine.getComplaint(DEALER, r.complaintIds[0]!)).description).toBe(
          '发动机异响',
        );
        expect(seen.at(-1)?.data).toMatchObject({
          notApplied: [`complaint ${r.complaintIds[0]} is investigating`],
        });
      });
    });
  });
}
