import type { Customer } from '../model/customer';
import { phoneKey } from '../model/phone-number';
import type { Vehicle } from '../model/vehicle';

/**
 * The lookup keys a customer or a vehicle is stored with, so a desk finds it by phone, VIN,
 * plate or name without a scan (see `StorageTransaction.findByKey`). Each key is its field's
 * prefix and a normalised value: the same normalisation applies to what a person types, so
 * `138 0013 8000`, `+86 138-0013-8000` and `13800138000` all find `phone:+8613800138000`.
 */
export const LOOKUP_FIELDS = ['phone', 'vin', 'plate', 'name'] as const;
/** A field a desk searches by. */
export type LookupField = (typeof LOOKUP_FIELDS)[number];

/** A phone as a key: its E.164 form when it is a valid number, else its digits and `+`. */
export function phoneLookup(text: string): string {
  return `phone:${phoneKey(text.trim())}`;
}

/** A VIN as a key: upper case, no spaces. */
export function vinLookup(text: string): string {
  return `vin:${text.replace(/\s+/g, '').toUpperCase()}`;
}

/** The last six characters of a VIN as a key: what a desk reads out (车架号后六位). */
export function vinTailLookup(text: string): string {
  return `vin-tail:${text.replace(/\s+/g, '').toUpperCase().slice(-6)}`;
}

/** A plate as a key: compatibility-normalised (full-width letters), upper case, no separators. */
export function plateLookup(text: string): string {
  return `plate:${text
    .normalize('NFKC')
    .replace(/[\s·.\-_]+/g, '')
    .toUpperCase()}`;
}

/** A name as a key: compatibility-normalised, lower case, inner spaces collapsed. */
export function nameLookup(text: string): string {
  return `name:${text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

/** The key a search for `value` in `field` looks up. */
export function lookupKey(field: LookupField, value: string): string {
  switch (field) {
    case 'phone':
      return phoneLookup(value);
    case 'vin':
      return vinLookup(value);
    case 'plate':
      return plateLookup(value);
    case 'name':
      return nameLookup(value);
  }
}

/** A customer's keys: every phone (the contact person's too) and the name. */
export function customerKeys(c: Customer): string[] {
  const keys = new Set<string>([nameLookup(c.name)]);
  for (const p of c.phones) keys.add(phoneLookup(p.number));
  if (c.contactPerson?.phone !== undefined) keys.add(phoneLookup(c.contactPerson.phone));
  return [...keys];
}

/** A vehicle's keys: its VIN, the VIN's last six characters, and the plate. */
export function vehicleKeys(v: Vehicle): string[] {
  const keys = [vinLookup(v.vin), vinTailLookup(v.vin)];
  if (v.plate !== undefined && v.plate.trim() !== '') keys.push(plateLookup(v.plate));
  return keys;
}
