import { ev, rec, type SuiteContext, timer } from './suite-context';

/** Group `isolation`: every read and write is scoped by dealer. */
export function isolationTests({ it, expect, tx }: SuiteContext): void {
  it('keeps dealers apart: same id, other dealer, is another record', async () => {
    await tx((t) => t.put(rec(), 0));
    expect(await tx((t) => t.get('visit', 'd2', 'v1'))).toBeUndefined();
    await tx((t) => t.put(rec({ dealerId: 'd2', status: 'completed' }), 0));
    expect((await tx((t) => t.get('visit', 'd1', 'v1')))?.status).toBe('open');
    expect((await tx((t) => t.get('visit', 'd2', 'v1')))?.status).toBe('completed');
    const d1 = await tx((t) => t.query({ dealerId: 'd1', kind: 'visit' }));
    expect(d1.map((r) => r.dealerId)).toEqual(['d1']);
  });

  it("never reaches another dealer's rows, events, timers or keys under the same ids", async () => {
    const v1 = { kind: 'visit', id: 'v1' } as const;
    await tx(async (t) => {
      for (const dealerId of ['d1', 'd2']) {
        await t.put(rec({ dealerId, data: { id: 'v1', dealer: dealerId } }), 0);
        await t.appendEvents([ev({ dealerId, data: { dealer: dealerId } })]);
        await t.putTimers([timer({ id: `t-${dealerId}`, dealerId, subject: v1 })]);
        await t.claimSource(dealerId, 'dms:1', dealerId);
      }
    });
    // d1 changes, cancels, rewrites and erases what is its own
    await tx(async (t) => {
      await t.put(rec({ status: 'cancelled', data: { id: 'v1', dealer: 'd1' } }), 1);
      expect(await t.cancelTimers('d1', v1)).toBe(1);
      await t.rewriteEvents('d1', v1, (e) => ({ ...e, data: { dealer: null } }));
    });
    const d2 = await tx(async (t) => ({
      row: await t.get('visit', 'd2', 'v1'),
      rows: await t.query({ dealerId: 'd2', kind: 'visit' }),
      events: await t.readEvents({ dealerId: 'd2', subject: v1 }),
      timers: await t.timersOf('d2', v1),
      source: await t.claimSource('d2', 'dms:1', 'd2'),
    }));
    expect(d2.row).toMatchObject({ status: 'open', version: 1, data: { dealer: 'd2' } });
    expect(d2.rows.map((r) => [r.dealerId, r.status])).toEqual([['d2', 'open']]);
    expect(d2.events.map((e) => e.data.dealer)).toEqual(['d2']);
    expect(d2.timers.map((t) => t.id)).toEqual(['t-d2']);
    expect(d2.source).toBe('same');
    expect(await tx((t) => t.timersOf('d1', v1))).toEqual([]);
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'd2'))).toBe('changed');
  });
}
