import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_EVENT_TYPES } from '../../src';

const doc = readFileSync(new URL('../../../../docs/events.md', import.meta.url), 'utf8');
const documented = new Set([...doc.matchAll(/^\| `([a-z]+\.[a-z-]+)`/gm)].map((m) => m[1]));

describe('docs/events.md', () => {
  it('documents exactly the event types the engine declares', () => {
    expect([...documented].sort()).toEqual([...ENGINE_EVENT_TYPES].sort());
  });
});
