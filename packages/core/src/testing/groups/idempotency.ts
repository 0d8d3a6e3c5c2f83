import { Boom, type SuiteContext } from './suite-context';

/** Group `idempotency`: `claimKey` and `claimSource`. */
export function idempotencyTests({ it, expect, tx, adapter, expectRejection }: SuiteContext): void {
  it('are new once per dealer', async () => {
    expect(await tx((t) => t.claimKey('d1', 'dms:1'))).toBe(true);
    expect(await tx((t) => t.claimKey('d1', 'dms:1'))).toBe(false);
    expect(await tx((t) => t.claimKey('d2', 'dms:1'))).toBe(true);
  });

  it('tell a re-delivered payload from the same one by its fingerprint (claimSource)', async () => {
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'a'))).toBe('new');
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'a'))).toBe('same');
    expect(await tx((t) => t.claimSource('d2', 'dms:1', 'b'))).toBe('new');
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'b'))).toBe('changed');
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'b'))).toBe('same');
    // the original re-sent after its correction is an old message, not a new correction
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'a'))).toBe('same');
    // the newest fingerprints are kept
    for (let i = 0; i < 20; i++) {
      expect(await tx((t) => t.claimSource('d1', 'dms:9', `f${i}`))).toBe(
        i === 0 ? 'new' : 'changed',
      );
    }
    expect(await tx((t) => t.claimSource('d1', 'dms:9', 'f19'))).toBe('same');
    expect(await tx((t) => t.claimSource('d1', 'dms:9', 'f5'))).toBe('same');
    // shared with claimKey: a key recorded without a fingerprint is always the same
    expect(await tx((t) => t.claimKey('d1', 'dms:1'))).toBe(false);
    expect(await tx((t) => t.claimKey('d1', 'dms:2'))).toBe(true);
    expect(await tx((t) => t.claimSource('d1', 'dms:2', 'a'))).toBe('same');
    // and rolled back with the transaction
    await expectRejection(
      adapter().transaction(async (t) => {
        expect(await t.claimSource('d1', 'dms:1', 'c')).toBe('changed');
        expect(await t.claimSource('d1', 'dms:3', 'c')).toBe('new');
        throw new Boom('rollback');
      }),
      Boom,
    );
    expect(await tx((t) => t.claimSource('d1', 'dms:1', 'c'))).toBe('changed');
    expect(await tx((t) => t.claimSource('d1', 'dms:3', 'c'))).toBe('new');
  });
}
