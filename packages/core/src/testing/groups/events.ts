import { ev, type SuiteContext } from './suite-context';

/** Group `events`: the event log. */
export function eventTests({ it, expect, tx }: SuiteContext): void {
  it('assigns increasing sequence numbers and reads in order after a sequence', async () => {
    const a = await tx((t) => t.appendEvents([ev({ data: { n: 1 } }), ev({ data: { n: 2 } })]));
    const b = await tx((t) => t.appendEvents([ev({ data: { n: 3 } })]));
    const seqs = [...a, ...b].map((e) => e.seq!);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    const all = await tx((t) => t.readEvents({ dealerId: 'd1' }));
    expect(all.map((e) => e.data.n)).toEqual([1, 2, 3]);
    const after = await tx((t) => t.readEvents({ dealerId: 'd1', afterSeq: seqs[0]! }));
    expect(after.map((e) => e.data.n)).toEqual([2, 3]);
    const limited = await tx((t) => t.readEvents({ dealerId: 'd1', limit: 1 }));
    expect(limited.map((e) => e.data.n)).toEqual([1]);
  });

  it('is scoped by dealer and filters by subject', async () => {
    await tx((t) =>
      t.appendEvents([ev(), ev({ dealerId: 'd2' }), ev({ subject: { kind: 'visit', id: 'v2' } })]),
    );
    expect(await tx((t) => t.readEvents({ dealerId: 'd2' }))).toHaveLength(1);
    const v2 = await tx((t) =>
      t.readEvents({ dealerId: 'd1', subject: { kind: 'visit', id: 'v2' } }),
    );
    expect(v2.map((e) => e.subject.id)).toEqual(['v2']);
  });

  it('rewrites one subject of one dealer, keeping sequence and order', async () => {
    await tx((t) =>
      t.appendEvents([
        ev({ data: { name: '张三' } }),
        ev({ dealerId: 'd2', data: { name: '张三' } }),
        ev({ subject: { kind: 'visit', id: 'v2' }, data: { name: '李四' } }),
      ]),
    );
    const before = await tx((t) => t.readEvents({ dealerId: 'd1' }));
    const n = await tx((t) =>
      t.rewriteEvents('d1', { kind: 'visit', id: 'v1' }, (e) => ({
        ...e,
        data: { name: null },
      })),
    );
    expect(n).toBe(1);
    const after = await tx((t) => t.readEvents({ dealerId: 'd1' }));
    expect(after.map((e) => e.seq)).toEqual(before.map((e) => e.seq));
    expect(after.map((e) => e.data.name)).toEqual([null, '李四']);
    expect((await tx((t) => t.readEvents({ dealerId: 'd2' })))[0]?.data.name).toBe('张三');
  });
}
