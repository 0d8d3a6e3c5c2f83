import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createBusinessCalendar,
  type DealercareError,
  readWallClockTimestamps,
  wallClockToInstant,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter } from './setup';

const MADRID = 'Europe/Madrid';
const madrid = createBusinessCalendar({
  id: 'es-madrid',
  timeZone: MADRID,
  years: { from: 2026, to: 2026 },
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
      d,
      [
        { start: '09:00', end: '14:00' },
        { start: '16:00', end: '19:00' },
      ],
    ]),
  ),
  holidays: [],
});

/** `2026-03-29T03:30:00.000` as a wall clock in the zone shows it. */
function wallClock(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const millis = String(ms % 1000).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${millis}`;
}

describe('wall-clock timestamps in a time zone', () => {
  it.each([
    ['2026-01-15T10:00:00', '2026-01-15T09:00:00.000Z', 'winter, +01:00'],
    ['2026-07-01T10:00', '2026-07-01T08:00:00.000Z', 'summer, +02:00; seconds optional'],
    ['2026-03-29T01:59:59', '2026-03-29T00:59:59.000Z', 'the last second before the spring change'],
    [
      '2026-03-29T02:30:00',
      '2026-03-29T01:30:00.000Z',
      'in the spring gap: moved forward to 03:30',
    ],
    ['2026-03-29T03:00:00', '2026-03-29T01:00:00.000Z', 'the first summer-time minute'],
    [
      '2026-10-25T02:30:00',
      '2026-10-25T00:30:00.000Z',
      'the autumn hour that happens twice: the first',
    ],
    ['2026-10-25T03:00:00.250', '2026-10-25T02:00:00.250Z', 'after it, with a fraction'],
  ])('%s in Madrid is %s (%s)', (local, utc) => {
    expect(wallClockToInstant(local, MADRID)).toBe(utc);
  });

  it('is Beijing time without daylight saving in Asia/Shanghai', () => {
    expect(wallClockToInstant('2026-03-02T09:00:00', 'Asia/Shanghai')).toBe(
      '2026-03-02T01:00:00.000Z',
    );
  });

  it.each([
    '2026-02-30T10:00:00',
    '2026-03-02T24:00:00',
    '2026-03-02',
    '2026-03-02T09:00:00+08:00',
    '2026-03-02T09:00:00Z',
    'soon',
  ])('leaves %s to validation', (text) => {
    expect(wallClockToInstant(text, MADRID)).toBeUndefined();
  });

  it('reads every wall clock Madrid shows as the instant that showed it (the first, when twice)', () => {
    const year = fc.integer({
      min: Date.parse('2026-01-01T00:00:00Z'),
      max: Date.parse('2027-01-01T00:00:00Z'),
    });
    // Half the samples within three hours of a change, where the zone's clock jumps.
    const nearChange = fc
      .tuple(
        fc.constantFrom(Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-10-25T01:00:00Z')),
        fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
      )
      .map(([change, d]) => change + d);
    fc.assert(
      fc.property(fc.oneof(year, nearChange), (t) => {
        const local = wallClock(t, MADRID);
        const read = Date.parse(wallClockToInstant(local, MADRID)!);
        expect(wallClock(read, MADRID)).toBe(local);
        // Only the repeated autumn hour reads as an earlier instant, exactly one hour earlier.
        expect([0, 3_600_000]).toContain(t - read);
      }),
      { numRuns: 600 },
    );
  });

  it('rewrites only offset-less timestamps at the known places, without touching the input', () => {
    const input = {
      occurredAt: '2026-07-01T10:00:00',
      appointmentAt: '2026-07-02T10:00:00+02:00',
      customer: { consent: { recordedAt: '2026-01-15T10:00:00' } },
      note: '2026-07-01T10:00:00',
    };
    const copy = structuredClone(input);
    expect(readWallClockTimestamps(input, MADRID)).toEqual({
      ...input,
      occurredAt: '2026-07-01T08:00:00.000Z',
      customer: { consent: { recordedAt: '2026-01-15T09:00:00.000Z' } },
    });
    expect(input).toEqual(copy);
  });
});

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe("createEngine({ timestampsWithoutOffset: 'dealerTimeZone' })", () => {
      it("reads an offset-less DMS time in the dealer's calendar zone, on both sides of a change", async () => {
        const { engine } = setup('2026-03-30T10:00:00+02:00', {
          calendar: madrid,
          timestampsWithoutOffset: 'dealerTimeZone',
        });
        const winter = await engine.ingest(
          delivery({ sourceId: 'W', occurredAt: '2026-03-27T10:00:00' }),
        );
        const summer = await engine.ingest(
          delivery({
            sourceId: 'S',
            occurredAt: '2026-03-30T10:00:00',
            customer: { id: 'c2', name: 'Ana García', phones: [{ number: '+34 612 34 56 78' }] },
            vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002' },
          }),
        );
        const anchor = async (id: string) => (await engine.getVisit(DEALER, id)).window.anchoredAt;
        expect(await anchor(winter.visitIds[0]!)).toBe('2026-03-27T09:00:00.000Z');
        expect(await anchor(summer.visitIds[0]!)).toBe('2026-03-30T08:00:00.000Z');
        const v = await engine.recordAttempt({
          dealerId: DEALER,
          visitId: summer.visitIds[0]!,
          actor: agent,
          outcome: 'call-back-later',
          callBackAt: '2026-03-31T17:00:00',
        });
        expect(v.attempts.at(-1)!.callBackAt).toBe('2026-03-31T15:00:00.000Z');
      });

      it('refuses by default, and refuses an option value it does not know', async () => {
        const { engine } = setup('2026-03-30T10:00:00+02:00', { calendar: madrid });
        const e = await engine
          .ingest(delivery({ occurredAt: '2026-03-30T10:00:00' }))
          .catch((x) => x);
        expect((e as DealercareError).code).toBe('VALIDATION_FAILED');
        expect(() => setup(undefined, { timestampsWithoutOffset: 'local' as never })).toThrow(
          /timestampsWithoutOffset/,
        );
      });
    });
  });
}
