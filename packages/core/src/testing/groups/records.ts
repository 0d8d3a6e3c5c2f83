import { rec, type SuiteContext, timer } from './suite-context';

/** Group `records`: `put` and `get`. */
export function recordTests({ it, expect, tx, expectCode }: SuiteContext): void {
  it('keeps what it stored: changing the object written, or a row or timer read, changes nothing stored', async () => {
    const data = { n: 1, list: [1, 2], nested: { s: 'a' } };
    await tx((t) => t.put(rec({ data }), 0));
    const t1 = timer();
    await tx((t) => t.putTimers([t1]));
    data.n = 2;
    data.list.push(3);
    data.nested.s = 'b';
    (t1.payload as { states: string[] }).states.push('changed');
    // A row read may be the adapter's own immutable object (writing to it throws a
    // TypeError) or a copy (writing to it does nothing to storage); never storage itself.
    const change = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
      }
    };
    const row = await tx((t) => t.get('visit', 'd1', 'v1'));
    change(() => {
      (row!.data as { n: number }).n = 3;
    });
    change(() => (row!.data as { list: number[] }).list.push(4));
    const [listed] = await tx((t) => t.query({ dealerId: 'd1', kind: 'visit' }));
    change(() => {
      (listed!.data as { nested: { s: string } }).nested.s = 'c';
    });
    const [due] = await tx((t) => t.dueTimers(Number.MAX_SAFE_INTEGER, 10));
    change(() => (due!.payload as { states: string[] }).states.push('read'));
    expect((await tx((t) => t.get('visit', 'd1', 'v1')))!.data).toEqual({
      n: 1,
      list: [1, 2],
      nested: { s: 'a' },
    });
    expect((await tx((t) => t.timersOf('d1', t1.subject)))[0]!.payload).toEqual(timer().payload);
  });

  it('creates at version 1 and reads back the same JSON and columns', async () => {
    const stored = await tx((t) => t.put(rec(), 0));
    expect(stored.version).toBe(1);
    const got = await tx((t) => t.get('visit', 'd1', 'v1'));
    expect(got).toEqual({ ...rec(), version: 1 });
  });

  it('replaces only at the expected version and counts up', async () => {
    await tx((t) => t.put(rec(), 0));
    const v2 = await tx((t) => t.put(rec({ status: 'attempting' }), 1));
    expect(v2.version).toBe(2);
    expect((await tx((t) => t.get('visit', 'd1', 'v1')))?.status).toBe('attempting');
  });

  it('rejects a stale write with VERSION_CONFLICT and keeps the stored record', async () => {
    await tx((t) => t.put(rec(), 0));
    await tx((t) => t.put(rec({ status: 'attempting' }), 1));
    await expectCode(
      tx((t) => t.put(rec({ status: 'cancelled' }), 1)),
      'VERSION_CONFLICT',
    );
    await expectCode(
      tx((t) => t.put(rec({ status: 'cancelled' }), 0)),
      'VERSION_CONFLICT',
    );
    const got = await tx((t) => t.get('visit', 'd1', 'v1'));
    expect(got?.status).toBe('attempting');
    expect(got?.version).toBe(2);
  });

  it('rejects an update of a record that does not exist', async () => {
    await expectCode(
      tx((t) => t.put(rec(), 3)),
      'VERSION_CONFLICT',
    );
    expect(await tx((t) => t.get('visit', 'd1', 'v1'))).toBeUndefined();
  });

  it('keeps kinds apart: same id, other kind, is another record', async () => {
    await tx((t) => t.put(rec(), 0));
    expect(await tx((t) => t.get('complaint', 'd1', 'v1'))).toBeUndefined();
  });
}
