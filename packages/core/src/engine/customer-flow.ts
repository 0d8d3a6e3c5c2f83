import { TransitionNotAllowedError } from '../errors';
import { applyTransition } from '../machines/apply-transition';
import { type CustomerCommand, customerMachine } from '../machines/customer-machine';
import { actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { Customer, CustomerProfile } from '../model/customer';
import { phoneKey } from '../model/phone-number';
import type { Vehicle, VehicleProfile } from '../model/vehicle';
import type { EngineContext } from './engine-context';
import type { UnitOfWork } from './unit-of-work';

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Creates or updates a customer from a DMS profile. A phone a call found wrong stays marked
 * invalid when the DMS sends the same number again.
 */
export async function upsertCustomer(
  uow: UnitOfWork,
  dealerId: string,
  profile: CustomerProfile,
): Promise<Customer> {
  const existing = await uow.find('customer', dealerId, profile.id);
  if (existing === undefined) {
    const created: Customer = {
      ...profile,
      dealerId,
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
  // Compared by normalised form: a row stored before normalisation holds the DMS's spelling.
  const invalid = new Set(existing.phones.filter((p) => !p.valid).map((p) => phoneKey(p.number)));
  const phones = profile.phones.map((p) =>
    invalid.has(phoneKey(p.number)) ? { ...p, valid: false } : p,
  );
  const next: Customer = { ...existing, ...profile, phones };
  if (sameJson(next, existing)) return existing;
  const saved = await uow.save('customer', next);
  uow.emit('customer.updated', dealerId, { kind: 'customer', id: saved.id }, {});
  return saved;
}

/** Creates or updates a vehicle from a DMS profile. */
export async function upsertVehicle(
  uow: UnitOfWork,
  dealerId: string,
  customerId: string,
  profile: VehicleProfile,
): Promise<Vehicle> {
  const existing = await uow.find('vehicle', dealerId, profile.id);
  const next: Vehicle = existing
    ? { ...existing, ...profile, customerId }
    : { ...profile, dealerId, customerId, version: 0, createdAt: uow.at, updatedAt: uow.at };
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
        permissions: ctx.rules().pack.permissions,
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
