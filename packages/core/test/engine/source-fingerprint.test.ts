import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { stringify } from 'safe-stable-stringify';
import { describe, expect, it, vi } from 'vitest';
import { sourceFingerprint } from '../../src/engine/source-fingerprint';
import type { DmsEvent } from '../../src/model/dms-event';

/** The fingerprint as it was always computed: a `Hash` object over the stable JSON. */
const reference = (event: unknown) =>
  createHash('sha256')
    .update(stringify(event) ?? '')
    .digest('base64url')
    .slice(0, 22);

describe('source fingerprint', () => {
  it('is the SHA-256 of the stable JSON, whatever the text (CJK, emoji, escapes)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (payload, text) => {
          const event = { payload, text, name: '客户 😀' } as unknown as DmsEvent;
          expect(sourceFingerprint(event)).toBe(reference(event));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('does not depend on key order', () => {
    const a = { sourceId: 's', dealerId: 'd', customer: { id: 'c', name: '张三' } };
    const b = { customer: { name: '张三', id: 'c' }, dealerId: 'd', sourceId: 's' };
    expect(sourceFingerprint(a as never)).toBe(sourceFingerprint(b as never));
  });

  it('gives the same digest on a Node without crypto.hash', async () => {
    vi.resetModules();
    vi.doMock('node:crypto', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:crypto')>();
      return { ...real, hash: undefined, createHash: vi.fn(real.createHash) };
    });
    try {
      const { sourceFingerprint: fallback } = await import('../../src/engine/source-fingerprint');
      const event = { sourceId: 'dms-1', customer: { name: '客户1' } } as unknown as DmsEvent;
      expect(fallback(event)).toBe(reference(event));
      const mocked = await import('node:crypto');
      expect(mocked.createHash).toHaveBeenCalledWith('sha256');
    } finally {
      vi.doUnmock('node:crypto');
      vi.resetModules();
    }
  });
});
