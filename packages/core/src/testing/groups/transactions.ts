import { Boom, ev, rec, type SuiteContext, timer } from './suite-context';

/** Group `transactions`: all or nothing, and reading one's own writes. */
export function transactionTests({ it, expect, tx, adapter, expectRejection }: SuiteContext): void {
  it('roll back every kind of write when the callback throws', async () => {
    await tx((t) => t.put(rec(), 0));
    await expectRejection(
      adapter().transaction(async (t) => {
        await t.put(rec({ status: 'cancelled' }), 1);
        await t.put(rec({ id: 'v9' }), 0);
        await t.appendEvents([ev()]);
        await t.putTimers([timer()]);
        await t.claimKey('d1', 'k1');
        throw new Boom('fail');
      }),
      Boom,
    );
    const after = await tx(async (t) => ({
      v1: await t.get('visit', 'd1', 'v1'),
      v9: await t.get('visit', 'd1', 'v9'),
      events: await t.readEvents({ dealerId: 'd1' }),
      timers: await t.dueTimers(Number.MAX_SAFE_INTEGER, 10),
      keyIsNew: await t.claimKey('d1', 'k1'),
    }));
    expect(after.v1?.status).toBe('open');
    expect(after.v1?.version).toBe(1);
    expect(after.v9).toBeUndefined();
    expect(after.events).toEqual([]);
    expect(after.timers).toEqual([]);
    expect(after.keyIsNew).toBe(true);
  });

  it('roll back a claimed timer and a cancelled timer', async () => {
    await tx((t) => t.putTimers([timer(), timer({ id: 't2' })]));
    await expectRejection(
      adapter().transaction(async (t) => {
        expect(await t.claimTimer('t1', 100)).toBe(true);
        await t.cancelTimers('d1', { kind: 'visit', id: 'v1' });
        throw new Boom('crash before commit');
      }),
      Boom,
    );
    const due = await tx((t) => t.dueTimers(1_000, 10));
    expect(due.map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('see their own writes before commit', async () => {
    const seen = await tx(async (t) => {
      await t.put(rec(), 0);
      await t.putTimers([timer()]);
      await t.appendEvents([ev()]);
      return {
        rec: await t.get('visit', 'd1', 'v1'),
        q: await t.query({ dealerId: 'd1', kind: 'visit' }),
        timers: await t.timersOf('d1', { kind: 'visit', id: 'v1' }),
        due: await t.dueTimers(100, 10),
        events: await t.readEvents({ dealerId: 'd1' }),
      };
    });
    expect(seen.rec?.version).toBe(1);
    expect(seen.q).toHaveLength(1);
    expect(seen.timers.map((t) => t.id)).toEqual(['t1']);
    expect(seen.due.map((t) => t.id)).toEqual(['t1']);
    expect(seen.events).toHaveLength(1);
  });

  it('return the callback result', async () => {
    expect(await adapter().transaction(async () => 42)).toBe(42);
  });
}
