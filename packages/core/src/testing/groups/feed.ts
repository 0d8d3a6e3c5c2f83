import type { DomainEvent } from '../../model/domain-event';
import type { FeedPage, FeedQuery } from '../../storage/event-feed';
import type { StorageAdapter } from '../../storage/storage-port';
import { Boom, ev, type SuiteContext } from './suite-context';

/** Reads the feed from `after` until two reads in a row bring nothing, `limit` at a time. */
async function drain(
  adapter: StorageAdapter,
  after: string | undefined,
  limit: number,
): Promise<{ events: DomainEvent[]; cursor: string | undefined }> {
  const events: DomainEvent[] = [];
  let cursor = after;
  let empty = 0;
  while (empty < 2) {
    const query: FeedQuery = cursor === undefined ? { limit } : { after: cursor, limit };
    const page: FeedPage = await adapter.transaction((t) => t.readFeed(query));
    cursor = page.cursor;
    events.push(...page.events);
    empty = page.events.length === 0 ? empty + 1 : 0;
  }
  return { events, cursor };
}

/** `dealer/seq` of each event, the identity a consumer dedupes on. */
const keys = (events: readonly DomainEvent[]) => events.map((e) => `${e.dealerId}/${e.seq}`);

/** Whether each dealer's events come in increasing `seq`. */
function inOrderPerDealer(events: readonly DomainEvent[]): boolean {
  const last = new Map<string, number>();
  for (const e of events) {
    if ((last.get(e.dealerId) ?? 0) >= e.seq!) return false;
    last.set(e.dealerId, e.seq!);
  }
  return true;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Group `feed`: the cross-dealer feed over the event log, read with a cursor the consumer keeps. */
export function feedTests({ it, expect, tx, adapter, expectCode }: SuiteContext): void {
  it('reads every dealer’s committed events, each dealer in seq order, in pages of any size', async () => {
    const appended = [
      ...(await tx((t) => t.appendEvents([ev({ data: { n: 1 } }), ev({ dealerId: 'd2' })]))),
      ...(await tx((t) => t.appendEvents([ev({ dealerId: 'd3' }), ev({ data: { n: 2 } })]))),
      ...(await tx((t) => t.appendEvents([ev({ dealerId: 'd2', data: { n: 3 } })]))),
    ];
    const whole = await drain(adapter(), undefined, 100);
    expect([...keys(whole.events)].sort()).toEqual([...keys(appended)].sort());
    expect(inOrderPerDealer(whole.events)).toBe(true);
    for (const limit of [1, 2, 3]) {
      expect(keys((await drain(adapter(), undefined, limit)).events)).toEqual(keys(whole.events));
    }
    // What a page returns is the stored event.
    const first = whole.events.find((e) => e.dealerId === 'd1')!;
    expect(first).toEqual({ ...appended[0], subject: { ...appended[0]!.subject } });
  });

  it('goes on from a cursor: only what committed since, and the same again from the same cursor', async () => {
    await tx((t) => t.appendEvents([ev(), ev({ dealerId: 'd2' })]));
    const start = await drain(adapter(), undefined, 10);
    expect(start.events).toHaveLength(2);
    const later = await tx((t) => t.appendEvents([ev({ dealerId: 'd2' }), ev()]));
    const next = await drain(adapter(), start.cursor, 10);
    expect([...keys(next.events)].sort()).toEqual([...keys(later)].sort());
    // At least once: a consumer that crashed before saving its cursor reads the same again.
    const again = await drain(adapter(), start.cursor, 10);
    expect(keys(again.events)).toEqual(keys(next.events));
    expect((await drain(adapter(), next.cursor, 10)).events).toEqual([]);
  });

  it('never shows events of a rolled-back transaction, and shows erasure’s rewrite in place', async () => {
    await tx((t) => t.appendEvents([ev({ data: { name: '张三' } })]));
    await adapter()
      .transaction(async (t) => {
        await t.appendEvents([ev({ dealerId: 'd2', data: { n: 'rolled back' } })]);
        throw new Boom();
      })
      .catch(() => undefined);
    const read = await drain(adapter(), undefined, 10);
    expect(read.events.map((e) => e.data)).toEqual([{ name: '张三' }]);
    await tx((t) =>
      t.rewriteEvents('d1', { kind: 'visit', id: 'v1' }, (e) => ({ ...e, data: { name: null } })),
    );
    // A rewrite is not a new event: nothing after the cursor, the new content from the start.
    expect((await drain(adapter(), read.cursor, 10)).events).toEqual([]);
    expect((await drain(adapter(), undefined, 10)).events.map((e) => e.data)).toEqual([
      { name: null },
    ]);
  });

  it('refuses a cursor it did not write, a bad limit, and a read after appending in the same transaction', async () => {
    await expectCode(
      tx((t) => t.readFeed({ after: 'not a cursor' })),
      'VALIDATION_FAILED',
    );
    await expectCode(
      tx((t) => t.readFeed({ limit: Number.NaN })),
      'VALIDATION_FAILED',
    );
    await expectCode(
      tx(async (t) => {
        await t.appendEvents([ev()]);
        return t.readFeed({});
      }),
      'STORAGE_FAILURE',
    );
    const empty = await tx((t) => t.readFeed({ limit: 0 }));
    expect(empty.events).toEqual([]);
  });

  it('skips nothing that commits late: a transaction open while a page is read comes later', async () => {
    await tx((t) => t.appendEvents([ev({ dealerId: 'd0' })]));
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let appendedLate!: () => void;
    const lateAppended = new Promise<void>((resolve) => {
      appendedLate = resolve;
    });
    // A: appends for d1 (on a server adapter: takes its transaction id first), then waits.
    const late = adapter().transaction(async (t) => {
      const out = await t.appendEvents([ev({ data: { n: 'late' } })]);
      appendedLate();
      await held;
      return out;
    });
    // An adapter running one transaction at a time runs B and the read after A: that passes too.
    await Promise.race([lateAppended, pause(200)]);
    const early = adapter().transaction((t) => t.appendEvents([ev({ dealerId: 'd2' })]));
    await Promise.race([early, pause(200)]);
    const reading = drain(adapter(), undefined, 10);
    const first = await Promise.race([reading, pause(300).then(() => undefined)]);
    release();
    const all = [...(await late), ...(await early)];
    const before = first ?? (await reading);
    const after = await drain(adapter(), before.cursor, 10);
    const seen = [...before.events, ...after.events];
    expect(keys(all).every((k) => keys(seen).includes(k))).toBe(true);
    expect(inOrderPerDealer(seen)).toBe(true);
  });

  it('loses nothing to writers at once: every event seen, each dealer in order', async () => {
    const dealers = ['d1', 'd2', 'd3'];
    let writing = true;
    const writers = dealers.map(async (dealerId) => {
      const out: DomainEvent[] = [];
      for (let i = 0; i < 6; i++) {
        out.push(...(await tx((t) => t.appendEvents([ev({ dealerId }), ev({ dealerId })]))));
      }
      return out;
    });
    // Another writer spans dealers in one transaction.
    writers.push(
      (async () => {
        const out: DomainEvent[] = [];
        for (let i = 0; i < 4; i++) {
          out.push(...(await tx((t) => t.appendEvents([ev({ dealerId: 'd3' }), ev()]))));
        }
        return out;
      })(),
    );
    const seen: DomainEvent[] = [];
    const reader = (async () => {
      let cursor: string | undefined;
      while (writing) {
        const query: FeedQuery = cursor === undefined ? { limit: 3 } : { after: cursor, limit: 3 };
        const page = await adapter().transaction((t) => t.readFeed(query));
        seen.push(...page.events);
        cursor = page.cursor;
        await pause(1);
      }
      return cursor;
    })();
    const written = (await Promise.all(writers)).flat();
    writing = false;
    const rest = await drain(adapter(), await reader, 3);
    seen.push(...rest.events);
    expect([...new Set(keys(seen))].sort()).toEqual([...keys(written)].sort());
    expect(inOrderPerDealer(seen)).toBe(true);
  });
}
