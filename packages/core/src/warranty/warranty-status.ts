import type { Vehicle, VehicleUsage } from '../model/vehicle';
import type { WarrantyRules, WarrantyTerm } from '../rules/rule-pack-schema';

/** Why a vehicle is not in warranty on a date, when it is not. */
export type NotInWarrantyReason =
  /** The pack has no `warranty` section. */
  | 'noWarrantyRules'
  /** The vehicle's delivery date is not known: the warranty's start is unknown. */
  | 'noDeliveryDate'
  /** No term of the pack covers the vehicle's usage. */
  | 'noTerm'
  /** The date is before the delivery. */
  | 'notStarted'
  /** The term's months have run out. */
  | 'timeExpired'
  /** A mileage reading at or over the term's km was taken on or before the date. */
  | 'mileageReached';

/** Whether a vehicle is in warranty on a local date, under which term, and until when. */
export interface WarrantyStatus {
  readonly vehicleId: string;
  /** The local date asked about, `YYYY-MM-DD`. */
  readonly on: string;
  readonly inWarranty: boolean;
  /** Why not, when `inWarranty` is false; `null` when it is in warranty. */
  readonly reason: NotInWarrantyReason | null;
  /**
   * The usage the term follows: the vehicle's original usage (`changeOfUse: keepsTerm`, the
   * default [003]) or its current one (`followsUsage`).
   */
  readonly usage: VehicleUsage;
  /** The term that applies; `null` without one. */
  readonly term: WarrantyTerm | null;
  /** First day of the warranty: the delivery date; `null` when not known. */
  readonly startsOn: string | null;
  /**
   * The last day in warranty: `months` after the delivery (the day before the same day of the
   * month; a day the month lacks is its last day), or the day before the first mileage reading
   * at or over the limit, whichever comes first (the day before `startsOn` when such a reading
   * was taken on or before the delivery day: no day is in warranty); `null` without a term or
   * delivery date.
   */
  readonly endsOn: string | null;
  /** What ends it on `endsOn`: `time`, or `mileage` when a reading reached the km limit first. */
  readonly endsBy: 'time' | 'mileage' | null;
}

/** `YYYY-MM-DD` plus whole months, a day the target month lacks clamped to its last day. */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The day before a `YYYY-MM-DD` date. */
function dayBefore(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Whether a vehicle is in warranty on a local date (pure; `engine.inWarranty` reads the vehicle
 * and the dealer's pack and calendar). The term is the pack's term for the vehicle's usage — its
 * original usage unless the pack says `changeOfUse: followsUsage` — and runs from the delivery
 * date for `months` or until `km`, whichever comes first (以先达到者为准 [003]). The km limit
 * counts from the first mileage reading at or over it (`Vehicle.mileageReadings`): from that
 * reading's local date on, the vehicle is out of warranty. Monotone in the date: a vehicle out of
 * warranty on a date after its delivery is out on every later date.
 *
 * @param localDate - the local date of an instant (the dealer calendar's `localDate`).
 */
export function warrantyStatus(
  rules: WarrantyRules | undefined,
  vehicle: Pick<
    Vehicle,
    'id' | 'usage' | 'deliveryDate' | 'originalUsage' | 'mileageReadings' | 'mileageKm'
  >,
  on: string,
  localDate: (instant: string) => string,
): WarrantyStatus {
  const usage =
    rules?.changeOfUse === 'followsUsage'
      ? vehicle.usage
      : (vehicle.originalUsage?.usage ?? vehicle.usage);
  const base = { vehicleId: vehicle.id, on, usage };
  const none = (reason: NotInWarrantyReason, term: WarrantyTerm | null = null) => ({
    ...base,
    inWarranty: false,
    reason,
    term,
    startsOn: vehicle.deliveryDate ?? null,
    endsOn: null,
    endsBy: null,
  });
  if (rules === undefined) return none('noWarrantyRules');
  const term = rules.vehicle.find((t) => t.usages.includes(usage)) ?? null;
  if (term === null) return none('noTerm');
  const startsOn = vehicle.deliveryDate;
  if (startsOn === undefined) return none('noDeliveryDate', term);
  let endsOn = dayBefore(addMonths(startsOn, term.months));
  let endsBy: 'time' | 'mileage' = 'time';
  if (term.km !== undefined) {
    let reachedOn: string | undefined;
    for (const r of vehicle.mileageReadings ?? []) {
      if (r.km < term.km) continue;
      const d = localDate(r.at);
      if (reachedOn === undefined || d < reachedOn) reachedOn = d;
    }
    if (reachedOn !== undefined) {
      // Out from the reading's date on. A reading on or before the delivery day leaves no day
      // in warranty: the last day is then the day before the first.
      const last = dayBefore(reachedOn < startsOn ? startsOn : reachedOn);
      if (last < endsOn) {
        endsOn = last;
        endsBy = 'mileage';
      }
    }
  }
  const result = { ...base, term, startsOn, endsOn, endsBy };
  if (on < startsOn) return { ...result, inWarranty: false, reason: 'notStarted' };
  if (on > endsOn) {
    return {
      ...result,
      inWarranty: false,
      reason: endsBy === 'mileage' ? 'mileageReached' : 'timeExpired',
    };
  }
  return { ...result, inWarranty: true, reason: null };
}

/** Whether a part fitted on a date is in warranty on another, and until when. */
export interface PartWarrantyStatus {
  readonly fittedOn: string;
  readonly on: string;
  readonly inWarranty: boolean;
  /** The last day in warranty; `null` when the pack sets no parts warranty. */
  readonly endsOn: string | null;
}

/**
 * Whether a part bought and fitted at the dealer (the invoice's date, 以发票为准 [003]) is in
 * warranty on a date: from the day it was fitted for the pack's `warranty.parts.months`.
 */
export function partWarrantyStatus(
  rules: WarrantyRules | undefined,
  fittedOn: string,
  on: string,
): PartWarrantyStatus {
  const months = rules?.parts?.months;
  if (months === undefined) return { fittedOn, on, inWarranty: false, endsOn: null };
  const endsOn = dayBefore(addMonths(fittedOn, months));
  return { fittedOn, on, inWarranty: on >= fittedOn && on <= endsOn, endsOn };
}
