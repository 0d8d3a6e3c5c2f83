import type { DealercareError } from '../../errors';
import { ev, rec, type SuiteContext, timer } from './suite-context';

/**
 * Group `concurrency`: transactions started together, as several engine processes start them.
 * An adapter that runs one transaction at a time passes by serialising them.
 */
export function concurrencyTests({ it, expect, tx, adapter }: SuiteContext): void {
  it('lets exactly one of two concurrent writers at the same version win', async () => {
    await tx((t) => t.put(rec(), 0));
    const write = (status: string) =>
      adapter().transaction(async (t) => {
        const cur = await t.get('visit', 'd1', 'v1');
        return t.put(rec({ status }), cur!.version);
      });
    const results = await Promise.allSettled([write('a'), write('b')]);
    // Serialising adapters let both succeed one after the other (each re-reads); none may lose an update.
    const ok = results.filter((r) => r.status === 'fulfilled');
    const final = await tx((t) => t.get('visit', 'd1', 'v1'));
    expect(final?.version).toBe(1 + ok.length);
    for (const r of results) {
      if (r.status === 'rejected')
        expect((r.reason as DealercareError).code).toBe('VERSION_CONFLICT');
    }
  });

  it('gives a due timer to exactly one of several sweeps that claim it at once', async () => {
    await tx((t) => t.putTimers([timer(), timer({ id: 't2', dueAt: 150 })]));
    const sweep = () =>
      adapter().transaction(async (t) => {
        const claimed: string[] = [];
        for (const due of await t.dueTimers(1_000, 10)) {
          if (await t.claimTimer(due.id, due.dueAt)) claimed.push(due.id);
        }
        return claimed;
      });
    const won = (await Promise.all([sweep(), sweep(), sweep()])).flat().sort();
    expect(won).toEqual(['t1', 't2']);
    expect(await tx((t) => t.dueTimers(1_000, 10))).toEqual([]);
  });

  it('says a key is new to exactly one of several transactions that claim it at once', async () => {
    const claim = () => adapter().transaction((t) => t.claimKey('d1', 'dms:race'));
    const answers = await Promise.all([claim(), claim(), claim()]);
    expect(answers.filter((isNew) => isNew)).toHaveLength(1);
  });

  it('numbers events appended at once without giving a number twice', async () => {
    const append = (n: number) =>
      adapter().transaction((t) => t.appendEvents([ev({ data: { n } }), ev({ data: { n } })]));
    const appended = (await Promise.all([append(1), append(2), append(3)])).flat();
    const seqs = appended.map((e) => e.seq!);
    expect(new Set(seqs).size).toBe(6);
    const read = await tx((t) => t.readEvents({ dealerId: 'd1' }));
    expect(read.map((e) => e.seq)).toEqual([...seqs].sort((a, b) => a - b));
  });
}
