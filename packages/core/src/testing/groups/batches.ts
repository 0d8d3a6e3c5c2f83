import { DealercareError } from '../../errors';
import { Boom, rec, type SuiteContext, timer } from './suite-context';

/**
 * Group `batches`: `claimTimers`, `getMany` and `putMany` mean what `claimTimer`, `get` and
 * `put` mean, applied to every element in order, in one call.
 */
export function batchTests({
  it,
  expect,
  tx,
  adapter,
  expectCode,
  expectRejection,
}: SuiteContext): void {
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

  it('puts many records in one call: new and replaced, kinds and dealers apart, keys replaced', async () => {
    const customer = (id: string, keys: string[], dealerId = 'd1') =>
      rec({ kind: 'customer', id, dealerId, customerId: id, dueAt: undefined, keys });
    await tx(async (t) => {
      await t.put(rec({ id: 'v1' }), 0);
      await t.put(customer('c1', ['phone:1', 'name:王五']), 0);
    });
    const seen = await tx(async (t) => {
      await t.putMany([
        { record: rec({ id: 'v1', status: 'done', dueAt: 2_000 }), expectedVersion: 1 },
        { record: rec({ id: 'v2', assigneeId: 'u7' }), expectedVersion: 0 },
        { record: rec({ id: 'v1', dealerId: 'd2' }), expectedVersion: 0 },
        { record: customer('c1', ['phone:2', 'name:王五']), expectedVersion: 1 },
        { record: customer('c2', ['phone:1']), expectedVersion: 0 },
      ]);
      await t.putMany([]);
      return t.getMany('visit', 'd1', ['v1', 'v2']);
    });
    // the transaction sees its own writes, and they are what a commit keeps
    const after = await tx((t) => t.getMany('visit', 'd1', ['v1', 'v2']));
    expect(after).toEqual(seen);
    expect(after).toEqual([
      { ...rec({ id: 'v1', status: 'done', dueAt: 2_000 }), version: 2 },
      { ...rec({ id: 'v2', assigneeId: 'u7' }), version: 1 },
    ]);
    expect(await tx((t) => t.get('visit', 'd2', 'v1'))).toEqual({
      ...rec({ id: 'v1', dealerId: 'd2' }),
      version: 1,
    });
    const byKey = (key: string) =>
      tx((t) => t.findByKey({ dealerId: 'd1', kind: 'customer', key })).then((rs) =>
        rs.map((r) => [r.id, r.version]),
      );
    expect(await byKey('phone:1')).toEqual([['c2', 1]]);
    expect(await byKey('phone:2')).toEqual([['c1', 2]]);
    expect(await byKey('name:王五')).toEqual([['c1', 2]]);
  });

  it('puts a record named twice in one call twice, the second at the version the first stored', async () => {
    await tx((t) =>
      t.putMany([
        { record: rec({ status: 'open' }), expectedVersion: 0 },
        { record: rec({ id: 'v2' }), expectedVersion: 0 },
        { record: rec({ status: 'attempting' }), expectedVersion: 1 },
        { record: rec({ status: 'done' }), expectedVersion: 2 },
      ]),
    );
    const got = await tx((t) => t.get('visit', 'd1', 'v1'));
    expect([got?.status, got?.version]).toEqual(['done', 3]);
  });

  it('rejects a batch at its first stale record, naming it, and the transaction keeps nothing', async () => {
    await tx((t) =>
      t.putMany([1, 2, 3].map((n) => ({ record: rec({ id: `v${n}` }), expectedVersion: 0 }))),
    );
    const failure = await tx((t) =>
      t.putMany([
        { record: rec({ id: 'v4' }), expectedVersion: 0 },
        { record: rec({ id: 'v1', status: 'done' }), expectedVersion: 1 },
        { record: rec({ id: 'v2', status: 'done' }), expectedVersion: 5 },
        { record: rec({ id: 'v3', status: 'done' }), expectedVersion: 0 },
      ]),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DealercareError);
    expect((failure as DealercareError).code).toBe('VERSION_CONFLICT');
    expect((failure as DealercareError).details).toMatchObject({
      kind: 'visit',
      id: 'v2',
      expected: 5,
      actual: 1,
    });
    const rows = await tx((t) => t.getMany('visit', 'd1', ['v1', 'v2', 'v3', 'v4']));
    expect(rows.map((r) => r && [r.id, r.status, r.version])).toEqual([
      ['v1', 'open', 1],
      ['v2', 'open', 1],
      ['v3', 'open', 1],
      undefined,
    ]);
    // an update of a record that does not exist, after a new one, is stale too
    await expectCode(
      tx((t) =>
        t.putMany([
          { record: rec({ id: 'v5' }), expectedVersion: 0 },
          { record: rec({ id: 'v6' }), expectedVersion: 1 },
        ]),
      ),
      'VERSION_CONFLICT',
    );
    expect(await tx((t) => t.getMany('visit', 'd1', ['v5', 'v6']))).toEqual([undefined, undefined]);
  });

  it('lets one of two batches over the same records win, whatever their order', async () => {
    await tx((t) =>
      t.putMany(['v1', 'v2', 'v3'].map((id) => ({ record: rec({ id }), expectedVersion: 0 }))),
    );
    const batch = (ids: string[], status: string) =>
      adapter().transaction((t) =>
        t.putMany(ids.map((id) => ({ record: rec({ id, status }), expectedVersion: 1 }))),
      );
    const outcomes = await Promise.allSettled([
      batch(['v1', 'v2', 'v3'], 'first'),
      batch(['v3', 'v2', 'v1'], 'second'),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(DealercareError);
    expect((lost?.reason as DealercareError | undefined)?.code).toBe('VERSION_CONFLICT');
    const rows = await tx((t) => t.getMany('visit', 'd1', ['v1', 'v2', 'v3']));
    // every record from the same batch, none from the other
    expect(new Set(rows.map((r) => r?.status)).size).toBe(1);
    expect(rows.map((r) => r?.version)).toEqual([2, 2, 2]);
  });
}
