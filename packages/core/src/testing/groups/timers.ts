import { type SuiteContext, timer } from './suite-context';

/** Group `timers`: the sweep, replacing, claiming and cancelling. */
export function timerTests({ it, expect, tx }: SuiteContext): void {
  it('returns due timers across dealers in (dueAt, id) order, up to a limit, never early', async () => {
    await tx((t) =>
      t.putTimers([
        timer({ id: 'b', dueAt: 200 }),
        timer({ id: 'a', dueAt: 200, dealerId: 'd2' }),
        timer({ id: 'c', dueAt: 100 }),
        timer({ id: 'later', dueAt: 201 }),
      ]),
    );
    expect((await tx((t) => t.dueTimers(200, 10))).map((t) => t.id)).toEqual(['c', 'a', 'b']);
    expect((await tx((t) => t.dueTimers(200, 2))).map((t) => t.id)).toEqual(['c', 'a']);
    expect((await tx((t) => t.dueTimers(99, 10))).map((t) => t.id)).toEqual([]);
    const round = (await tx((t) => t.dueTimers(100, 10)))[0];
    expect(round).toEqual(timer({ id: 'c', dueAt: 100 }));
  });

  it('replaces a timer with the same id (rescheduling does not duplicate)', async () => {
    await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
    await tx((t) => t.putTimers([timer({ dueAt: 500 })]));
    expect(await tx((t) => t.dueTimers(499, 10))).toEqual([]);
    expect((await tx((t) => t.dueTimers(500, 10))).map((t) => t.dueAt)).toEqual([500]);
  });

  it('claims a timer once', async () => {
    await tx((t) => t.putTimers([timer()]));
    expect(await tx((t) => t.claimTimer('t1', 100))).toBe(true);
    expect(await tx((t) => t.claimTimer('t1', 100))).toBe(false);
    expect(await tx((t) => t.claimTimer('never', 100))).toBe(false);
    expect(await tx((t) => t.dueTimers(1_000, 10))).toEqual([]);
  });

  it('claims a timer only at the due time the sweep read: a moved timer stays', async () => {
    await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
    const [seen] = await tx((t) => t.dueTimers(1_000, 10));
    // another process reschedules it between the sweep and the claim
    await tx((t) => t.putTimers([timer({ dueAt: 900 })]));
    expect(await tx((t) => t.claimTimer(seen!.id, seen!.dueAt))).toBe(false);
    expect(await tx((t) => t.dueTimers(500, 10))).toEqual([]);
    expect((await tx((t) => t.dueTimers(1_000, 10))).map((t) => t.dueAt)).toEqual([900]);
    expect(await tx((t) => t.claimTimer('t1', 900))).toBe(true);
    // and within one transaction: a timer put again at another time is not the one read
    await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
    expect(
      await tx(async (t) => {
        await t.putTimers([timer({ dueAt: 200 })]);
        return t.claimTimer('t1', 100);
      }),
    ).toBe(false);
  });

  it('cancels and lists the timers of one subject of one dealer only', async () => {
    await tx((t) =>
      t.putTimers([
        timer({ id: 'x1', dueAt: 300 }),
        timer({ id: 'x2', dueAt: 100 }),
        timer({ id: 'y', subject: { kind: 'visit', id: 'v2' } }),
        timer({ id: 'z', dealerId: 'd2' }),
      ]),
    );
    const of = await tx((t) => t.timersOf('d1', { kind: 'visit', id: 'v1' }));
    expect(of.map((t) => t.id)).toEqual(['x2', 'x1']);
    expect(await tx((t) => t.cancelTimers('d1', { kind: 'visit', id: 'v1' }))).toBe(2);
    expect((await tx((t) => t.dueTimers(1_000, 10))).map((t) => t.id).sort()).toEqual(['y', 'z']);
  });

  it('lists and cancels a timer put again under another subject only with its new subject', async () => {
    const v1 = { kind: 'visit', id: 'v1' } as const;
    const v2 = { kind: 'visit', id: 'v2' } as const;
    await tx((t) => t.putTimers([timer({ id: 'moved', subject: v1 })]));
    // Within one transaction, and after it committed.
    await tx(async (t) => {
      await t.putTimers([timer({ id: 'moved', subject: v2 })]);
      expect(await t.timersOf('d1', v1)).toEqual([]);
      expect((await t.timersOf('d1', v2)).map((x) => x.id)).toEqual(['moved']);
      expect(await t.cancelTimers('d1', v1)).toBe(0);
    });
    expect(await tx((t) => t.timersOf('d1', v1))).toEqual([]);
    expect(await tx((t) => t.cancelTimers('d1', v1))).toBe(0);
    expect((await tx((t) => t.timersOf('d1', v2))).map((x) => x.subject)).toEqual([v2]);
  });
}
