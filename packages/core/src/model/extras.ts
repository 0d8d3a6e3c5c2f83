import { z } from 'zod';
import type { RuleFacts } from '../rules/compile-rule-pack';
import { checkJsonSafety, type JsonLimits } from '../rules/json-safety';
import type { JsonObject } from '../storage/storage-port';

/** Limits on {@link extrasSchema}: room for a DMS's own fields, not for documents. */
export const EXTRAS_LIMITS: JsonLimits & { readonly maxChars: number } = {
  maxDepth: 8,
  maxArrayLength: 1_000,
  maxKeys: 200,
  maxStringLength: 4_000,
  /** Length of the whole object written as JSON. */
  maxChars: 16_384,
};

function isPlainObject(v: unknown): v is JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * DMS-specific data the library keeps but never reads (`extras` on a DMS event, a customer or a
 * vehicle profile): a plain JSON object within {@link EXTRAS_LIMITS}, without `__proto__`,
 * `constructor` or `prototype` keys. It is stored with what it describes — profile extras on the
 * customer or vehicle record, event extras as `dmsExtras` on the visits and complaints the event
 * creates — and hidden from rule conditions, so it can never change what the engine decides.
 * The value is copied: a caller may change its own object afterwards.
 */
export const extrasSchema = z
  .custom<JsonObject>(isPlainObject, { error: 'must be a JSON object' })
  .superRefine((value, ctx) => {
    const issues = checkJsonSafety(value, EXTRAS_LIMITS);
    for (const i of issues) {
      ctx.addIssue({ code: 'custom', path: [...i.path], message: i.message });
    }
    if (issues.length === 0 && JSON.stringify(value).length > EXTRAS_LIMITS.maxChars) {
      ctx.addIssue({
        code: 'custom',
        message: `longer than ${EXTRAS_LIMITS.maxChars} characters as JSON`,
      });
    }
  })
  .transform((value): JsonObject => structuredClone(value));
/** DMS-specific data kept with a record and never interpreted. */
export type Extras = JsonObject;

/**
 * Extras as read back from storage: any JSON object. Reading does not re-check the limits, so a
 * row written under other limits still reads.
 */
export const storedExtrasSchema = z.custom<JsonObject>(isPlainObject, {
  error: 'must be a JSON object',
});

/** Drops one key from a fact object (a copy, only when the key is there). */
function without(o: object | undefined, key: string): object | undefined {
  if (o === undefined || !(key in o)) return o;
  const { [key]: _dropped, ...rest } = o as Record<string, unknown>;
  return rest;
}

/**
 * The facts as rule conditions see them: without the DMS's `extras` (on the event, the customer
 * and the vehicle) and a visit's `dmsExtras`. Extras are kept, never interpreted: no value in
 * them can make a rule match or not (a condition on `extras.…` reads nothing).
 */
export function hideExtras(facts: RuleFacts): RuleFacts {
  const event = without(facts.event, 'extras') ?? facts.event;
  const customer = without(facts.customer, 'extras');
  const vehicle = without(facts.vehicle, 'extras');
  const visit = without(facts.visit, 'dmsExtras');
  return {
    ...facts,
    event,
    ...(customer !== undefined ? { customer } : {}),
    ...(vehicle !== undefined ? { vehicle } : {}),
    ...(visit !== undefined ? { visit } : {}),
  };
}
