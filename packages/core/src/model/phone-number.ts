import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * The country a number without a country code is read in: China. `13812345678`,
 * `010-12345678` and `0755 1234 5678` are Chinese numbers; a number from elsewhere is written
 * with its country code (`+34 612 345 678`, or `0034 …`).
 */
export const PHONE_DEFAULT_COUNTRY = 'CN';

/**
 * Recent answers of {@link normalisePhoneNumber}: a number is read several times in one event
 * (the profile, the invalid-phone comparison, the check for a usable phone) and parsing with
 * full metadata is the costly part. Bounded; emptied when full. The answer for a text never
 * changes, so keeping it cannot make two calls disagree.
 */
const normalised = new Map<string, string | false>();
const NORMALISED_KEPT = 4_096;

/**
 * A phone number in its one stored form, E.164 (`+8613812345678`), or `undefined` when the text
 * is not a number that can exist: wrong length, a mobile prefix or area code that is not
 * allocated, letters. Spellings of one number agree: `138 1234 5678`, `+86 138-1234-5678`,
 * `86-13812345678` and `008613812345678` all give `+8613812345678`; `(010) 1234 5678` gives
 * `+861012345678`. Validation uses libphonenumber's full metadata (number ranges per area code),
 * which is also what refuses numbers such as `12345678901`.
 */
export function normalisePhoneNumber(text: string): string | undefined {
  const known = normalised.get(text);
  if (known !== undefined) return known === false ? undefined : known;
  const parsed = parsePhoneNumberFromString(text, PHONE_DEFAULT_COUNTRY);
  const number = parsed?.isValid() ? parsed.number : undefined;
  if (normalised.size >= NORMALISED_KEPT - 1) normalised.clear();
  normalised.set(text, number ?? false);
  // The E.164 form of a valid number is itself valid and normalises to itself; it is what is
  // stored and read back later in the same event (usable phones, comparisons), so it is kept too.
  if (number !== undefined && number !== text) normalised.set(number, number);
  return number;
}

/**
 * What two numbers are compared by: the normalised form when the text is a valid number, else
 * the text without spaces, dashes and brackets. Records written before numbers were normalised
 * hold the DMS's spelling (`138 1234 5678`); comparing keys makes them agree with a new
 * event's `+8613812345678`.
 */
export function phoneKey(text: string): string {
  return normalisePhoneNumber(text) ?? text.replace(/[\s()-]/g, '');
}

/** Whether two spellings name the same phone (see {@link phoneKey}). */
export function samePhone(a: string, b: string): boolean {
  return a === b || phoneKey(a) === phoneKey(b);
}

/**
 * A phone number as a caller sends it (DMS profiles, `correctPhone`, `recordAttempt`), any
 * usual spelling; the output is its E.164 form (see {@link normalisePhoneNumber}). A number that
 * cannot exist is `VALIDATION_FAILED` at its path.
 */
export const phoneNumberSchema = z
  .string()
  .trim()
  .max(40)
  .transform((text, ctx) => {
    const number = normalisePhoneNumber(text);
    if (number !== undefined) return number;
    ctx.addIssue({
      code: 'custom',
      message:
        'not a valid phone number: a Chinese mobile (13812345678) or landline with its area code (010-12345678), or another country with its code (+34 612 345 678)',
    });
    return z.NEVER;
  });

/**
 * A phone number as stored. Records written before numbers were normalised keep the DMS's
 * spelling, so reading accepts what earlier versions accepted: digits with an optional `+`,
 * spaces and dashes. Compare numbers with {@link samePhone}, never with `===`.
 */
export const storedPhoneNumberSchema = z
  .string()
  .regex(/^\+?[0-9][0-9 -]{4,22}[0-9]$/, 'not a phone number');
