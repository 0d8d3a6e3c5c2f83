import { Boom, rec, type SuiteContext, timer } from './suite-context';

/**
 * Group `batches`: `claimTimers` and `getMany` mean what `claimTimer` and `get` mean, applied
 * to every element in order, in one call.
 */
export function batchTests({ it, expect, tx, adapter, expectRejection }: SuiteContext): void {
  it('claims the due timers of a sweep in one call: each once, only as read', async () => {
    await tx((t) =>
      t.putTimers([
        timer({ id: 'a', dueAt: 100 }),
        timer({ id: 'b', dueAt: 150, subject: { kind: 'visit', id: 'v2' } }),
        timer({ id: 'c', dueAt: 200, dealerId: 'd2' }),
        timer({ id: 'moved', dueAt: 120, subject: { kind: 'visit', id: 'v3' } }),
      ]),
    );
    const sweep = await tx((t) => t.dueTimers(1_000, 10));
    // another process reschedules one, and fires another, between the sweep and the claim
    await tx((t) =>
      t.putTimers([timer({ id: 'moved', dueAt: 900, subject: { kind: 'visit', id: 'v3' } })]),
    );
    await tx((t) => t.claimTimer('b', 150));
    const claims = [...sweep.map((s) => ({ id: s.id, dueAt: s.dueAt })), { id: 'never', dueAt: 1 }];
    expect(await tx((t) => t.claimTimers(claims))).toEqual(['a', 'c']);
    expect(await tx((t) => t.claimTimers(claims))).toEqual([]);
    expect(await tx((t) => t.claimTimers([]))).toEqual([]);
    // the moved timer stays, at its new time
    expect((await tx((t) => t.dueTimers(1_000, 10))).map((t) => [t.id, t.dueAt])).toEqual([
      ['moved', 900],
    ]);
  });

  it('claims a timer named twice in one call once, and sees the transaction’s own writes', async () => {
    await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
    expect(
      await tx(async (t) => {
        await t.putTimers([timer({ id: 'new', dueAt: 50 }), timer({ dueAt: 300 })]);
        return t.claimTimers([
          { id: 't1', dueAt: 100 },
          { id: 'new', dueAt: 50 },
          { id: 'new', dueAt: 50 },
          { id: 't1', dueAt: 300 },
        ]);
      }),
    ).toEqual(['new', 't1']);
    expect(await tx((t) => t.dueTimers(1_000, 10))).toEqual([]);
  });

  it('rolls a batch claim back with its transaction', async () => {
    await tx((t) => t.putTimers([timer(), timer({ id: 't2', dueAt: 150 })]));
    await expectRejection(
      tx(async (t) => {
        expect(
          await t.claimTimers([
            { id: 't1', dueAt: 100 },
            { id: 't2', dueAt: 150 },
          ]),
        ).toEqual(['t1', 't2']);
        throw new Boom();
      }),
      Boom,
    );
    expect((await tx((t) => t.dueTimers(1_000, 10))).map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('gives each due timer to exactly one of several sweeps claiming in batches at once', async () => {
    const timers = Array.from({ length: 20 }, (_, i) =>
      timer({ id: `t${String(i).padStart(2, '0')}`, dueAt: 100 + (i % 5) }),
    );
    await tx((t) => t.putTimers(timers));
    const sweep = () =>
      adapter().transaction(async (t) => {
        const due = await t.dueTimers(1_000, 100);
        return t.claimTimers(due.map((d) => ({ id: d.id, dueAt: d.dueAt })));
      });
    const won = (await Promise.all([sweep(), sweep(), sweep()])).flat().sort();
    expect(won).toEqual(timers.map((t) => t.id).sort());
    expect(await tx((t) => t.dueTimers(1_000, 10))).toEqual([]);
  });

  it('gets many records of one dealer and kind in the order asked, undefined where none', async () => {
    await tx(async (t) => {
      await t.put(rec({ id: 'v1' }), 0);
      await t.put(rec({ id: 'v2', status: 'closed' }), 0);
      await t.put(rec({ id: 'v3', dealerId: 'd2' }), 0);
      await t.put(rec({ id: 'v4', kind: 'complaint' }), 0);
    });
    const many = await tx((t) => t.getMany('visit', 'd1', ['v2', 'v3', 'v1', 'v4', 'none', 'v2']));
    const one = await tx(async (t) =>
      Promise.all(['v2', 'v3', 'v1', 'v4', 'none', 'v2'].map((id) => t.get('visit', 'd1', id))),
    );
    expect(many).toEqual(one);
    expect(many.map((r) => r?.id)).toEqual(['v2', undefined, 'v1', undefined, undefined, 'v2']);
    expect(many[0]?.status).toBe('closed');
    expect(await tx((t) => t.getMany('visit', 'd1', []))).toEqual([]);
  });

  it('gets many records as this transaction wrote them', async () => {
    await tx((t) => t.put(rec({ id: 'v1' }), 0));
    const seen = await tx(async (t) => {
      await t.put(rec({ id: 'v1', status: 'done' }), 1);
      await t.put(rec({ id: 'v2' }), 0);
      return t.getMany('visit', 'd1', ['v1', 'v2']);
    });
    expect(seen.map((r) => [r?.id, r?.version, r?.status])).toEqual([
      ['v1', 2, 'done'],
      ['v2', 1, 'open'],
    ]);
  });
}
