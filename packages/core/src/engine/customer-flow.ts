import { TransitionNotAllowedError } from '../errors';
import { applyTransition } from '../machines/apply-transition';
import { type CustomerCommand, customerMachine } from '../machines/customer-machine';
import { actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { Customer, CustomerProfile } from '../model/customer';
import { phoneKey } from '../model/phone-number';
import { toEpoch } from '../model/primitives';
import { MILEAGE_READINGS_KEPT, type Vehicle, type VehicleProfile } from '../model/vehicle';
import { type EngineContext, packFor } from './engine-context';
import type { UnitOfWork } from './unit-of-work';

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether DMS data of `occurredAt` may replace data written by an event of `profileAt`. */
function newerOrSame(occurredAt: string, profileAt: string | undefined): boolean {
  return profileAt === undefined || toEpoch(occurredAt) >= toEpoch(profileAt);
}

/**
 * Creates or updates a customer from a DMS profile, last writer wins by event time: an event
 * older than the one that wrote the profile in force leaves it as it is (an old repair order
 * arriving late does not bring back an old phone). A phone a call found wrong stays marked
 * invalid when the DMS sends the same number again.
 */
export async function upsertCustomer(
  uow: UnitOfWork,
  dealerId: string,
  profile: CustomerProfile,
  occurredAt: string,
): Promise<Customer> {
  const existing = await uow.find('customer', dealerId, profile.id);
  if (existing === undefined) {
    const created: Customer = {
      ...profile,
      dealerId,
      profileAt: occurredAt,
      state: 'prospect',
      version: 0,
      history: [
        uow.fact({ actor: actorRef(SYSTEM_ACTOR), command: 'create', from: null, to: 'prospect' }),
      ],
      createdAt: uow.at,
      updatedAt: uow.at,
    };
    const saved = await uow.save('customer', created);
    uow.emit('customer.created', dealerId, { kind: 'customer', id: saved.id }, {});
    return saved;
  }
  if (existing.erasedAt !== undefined) return existing; // erased people are not re-filled by the DMS
  if (!newerOrSame(occurredAt, existing.profileAt)) return existing;
  // Compared by normalised form: a row stored before normalisation holds the DMS's spelling.
  const invalid = new Set(existing.phones.filter((p) => !p.valid).map((p) => phoneKey(p.number)));
  const phones = profile.phones.map((p) =>
    invalid.has(phoneKey(p.number)) ? { ...p, valid: false } : p,
  );
  const next: Customer = { ...existing, ...profile, phones, profileAt: occurredAt };
  if (sameJson(next, existing)) return existing;
  const saved = await uow.save('customer', next);
  uow.emit('customer.updated', dealerId, { kind: 'customer', id: saved.id }, {});
  return saved;
}

/**
 * The usage the vehicle was first known with (earliest `occurredAt`) and its mileage readings
 * with this event's, for the warranty (see `Vehicle.originalUsage`, `Vehicle.mileageReadings`).
 */
function warrantyFacts(
  existing: Vehicle | undefined,
  profile: VehicleProfile,
  occurredAt: string,
): Pick<Vehicle, 'originalUsage' | 'mileageReadings'> {
  const first = existing?.originalUsage;
  const originalUsage =
    first === undefined || toEpoch(occurredAt) < toEpoch(first.at)
      ? { usage: profile.usage, at: occurredAt }
      : first;
  let readings = existing?.mileageReadings;
  if (profile.mileageKm !== undefined) {
    const at = toEpoch(occurredAt);
    const others = (readings ?? []).filter((r) => toEpoch(r.at) !== at);
    readings = [...others, { km: profile.mileageKm, at: occurredAt }]
      .sort((a, b) => toEpoch(a.at) - toEpoch(b.at))
      .slice(-MILEAGE_READINGS_KEPT);
  }
  return { originalUsage, ...(readings !== undefined ? { mileageReadings: readings } : {}) };
}

/**
 * Creates or updates a vehicle from a DMS profile (and who owns it), last writer wins by event
 * time, like {@link upsertCustomer}.
 */
export async function upsertVehicle(
  uow: UnitOfWork,
  dealerId: string,
  customerId: string,
  profile: VehicleProfile,
  occurredAt: string,
): Promise<Vehicle> {
  const existing = await uow.find('vehicle', dealerId, profile.id);
  // Usage history and mileage readings are kept from every event, older ones included; so is a
  // delivery date the newer data lacks (a delivery that arrives after a later repair).
  const facts = warrantyFacts(existing, profile, occurredAt);
  const next: Vehicle =
    existing !== undefined && !newerOrSame(occurredAt, existing.profileAt)
      ? {
          ...existing,
          ...facts,
          ...(existing.deliveryDate === undefined && profile.deliveryDate !== undefined
            ? { deliveryDate: profile.deliveryDate }
            : {}),
        }
      : existing
        ? { ...existing, ...profile, ...facts, customerId, profileAt: occurredAt }
        : {
            ...profile,
            ...facts,
            dealerId,
            customerId,
            profileAt: occurredAt,
            version: 0,
            createdAt: uow.at,
            updatedAt: uow.at,
          };
  if (existing && sameJson(next, existing)) return existing;
  return uow.save('vehicle', next);
}

/**
 * Moves a customer's lifecycle as the system. A move the current state does not allow is
 * skipped (e.g. activating an already active customer), not an error: lifecycle follows events.
 */
export async function moveCustomer(
  uow: UnitOfWork,
  ctx: EngineContext,
  dealerId: string,
  customerId: string,
  command: CustomerCommand,
  reason: string,
): Promise<Customer | undefined> {
  const customer = await uow.find('customer', dealerId, customerId);
  if (customer === undefined) return undefined;
  try {
    const { next, decision } = applyTransition(
      customerMachine,
      customer,
      command,
      {},
      {
        actor: SYSTEM_ACTOR,
        at: uow.at,
        reason,
        permissions: packFor(ctx, uow, dealerId).pack.permissions,
      },
    );
    const saved = await uow.save('customer', next);
    uow.emit(
      'customer.moved',
      dealerId,
      { kind: 'customer', id: customerId },
      { from: decision.from, to: decision.to, command },
    );
    return saved;
  } catch (e) {
    if (e instanceof TransitionNotAllowedError) return customer;
    throw e;
  }
}
