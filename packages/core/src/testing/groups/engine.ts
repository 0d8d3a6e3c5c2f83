import { createFakeClock } from '../../clock/fake-clock';
import { createEngine } from '../../engine/create-engine';
import type { DmsEventInput } from '../../model/dms-event';
import type { SuiteContext } from './suite-context';

const agent = { kind: 'person', id: 'agent-1', roles: ['followUpAgent'] } as const;
const csManager = { kind: 'person', id: 'cs-1', roles: ['csManager'] } as const;

/** Group `engine`: the engine itself on the adapter, through its public API only. */
export function engineTests({ it, expect, adapter, expectCode }: SuiteContext): void {
  it('ingests once, fires each due timer once, and recomputes to no change when nothing changed', async () => {
    const clock = createFakeClock('2026-03-02T09:00:00+08:00');
    const engine = createEngine({ storage: adapter(), clock });
    const delivered: DmsEventInput = {
      type: 'vehicle.delivered',
      sourceId: 'DEL-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
      vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001' },
    };
    const first = await engine.ingest(delivered);
    expect(first.status).toBe('ingested');
    expect((await engine.ingest(delivered)).status).toBe('duplicate');
    const { complaintIds } = await engine.ingest({
      type: 'complaint.received',
      sourceId: 'CMP-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      customer: { id: 'c1', name: '张三' },
      source: 'onSite',
      category: 'repairTechnique',
      description: '异响未修好',
    });
    // The timers read back are the ones planned: recomputing under the same rules moves nothing.
    expect((await engine.recomputeDeadlines('d1')).changed).toBe(0);
    clock.advance({ days: 60 });
    expect((await engine.tick()).fired).toBeGreaterThan(0);
    expect((await engine.tick()).fired).toBe(0);
    const complaint = await engine.getComplaint('d1', complaintIds[0]!);
    expect(complaint.sla.firedSteps).toEqual(['warn', 'tier-2', 'tier-3']);
    const visit = await engine.getVisit('d1', first.visitIds[0]!);
    expect(visit.history.filter((h) => h.command === 'breach')).toHaveLength(1);
    await expectCode(engine.getVisit('d2', first.visitIds[0]!), 'NOT_FOUND');
  });

  it("erases a customer's personal data from records, history and the event log, keeping counts", async () => {
    const clock = createFakeClock('2026-03-02T09:00:00+08:00');
    const engine = createEngine({ storage: adapter(), clock });
    const { visitIds } = await engine.ingest({
      type: 'repair.settled',
      sourceId: 'RO-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      customer: {
        id: 'c1',
        name: '张三',
        phones: [{ number: '13812345678' }],
        address: '北京市朝阳区',
      },
      vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', plate: '京A12345' },
      repairOrderId: 'RO-1',
      repairKind: 'special',
    });
    const visitId = visitIds[0]!;
    await engine.recordAttempt({
      dealerId: 'd1',
      visitId,
      actor: agent,
      outcome: 'connected',
      note: '张三说下午再打',
    });
    await engine.completeVisit({
      dealerId: 'd1',
      visitId,
      actor: agent,
      answers: { repairQuality: 4, suggestions: '张三希望免费洗车' },
      note: '张三 13812345678 不满意',
    });
    await engine.ingest({
      type: 'complaint.received',
      sourceId: 'CMP-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T10:00:00+08:00',
      customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
      source: 'inboundCall',
      description: '张三投诉异响',
    });
    const receipt = await engine.eraseCustomer('d1', 'c1', csManager);
    expect(receipt).toMatchObject({
      customerId: 'c1',
      erasedBy: 'cs-1',
      // The post-repair visit and the dormancy duty the repair armed (default pack [001]).
      visits: 2,
      opinionCases: 1,
      complaints: 1,
      vehicles: 1,
    });

    const dump = JSON.stringify(
      await adapter().transaction(async (t) => [
        ...(await t.query({ dealerId: 'd1', kind: 'customer' })),
        ...(await t.query({ dealerId: 'd1', kind: 'vehicle' })),
        ...(await t.query({ dealerId: 'd1', kind: 'visit' })),
        ...(await t.query({ dealerId: 'd1', kind: 'opinionCase' })),
        ...(await t.query({ dealerId: 'd1', kind: 'complaint' })),
        ...(await t.readEvents({ dealerId: 'd1', limit: 10_000 })),
      ]),
    );
    for (const personal of ['张三', '13812345678', '北京市', '京A12345', '免费洗车', '异响']) {
      expect(dump).not.toContain(personal);
    }
    const v = await engine.getVisit('d1', visitId);
    expect(v.response?.score.index).toBe(40); // scores and states stay for reports
    expect(v.response?.answers.repairQuality).toBe(4);
    const c = await engine.getCustomer('d1', 'c1');
    expect(c.erasedAt).toBeDefined();
    expect(c.history.at(-1)).toMatchObject({ command: 'erase', actor: { id: 'cs-1' } });
    await expectCode(
      engine.eraseCustomer('d1', 'c1', { kind: 'system', id: 'system' }),
      'REAL_NAME_REQUIRED',
    );
    await expectCode(engine.eraseCustomer('d1', 'c1', agent), 'PERMISSION_DENIED');
    await expectCode(engine.eraseCustomer('d2', 'c1', csManager), 'NOT_FOUND');
  });
}
