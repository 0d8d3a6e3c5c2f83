import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  customerProfileSchema,
  issuesFromZod,
  normalisePhoneNumber,
  PHONE_DEFAULT_COUNTRY,
  phoneKey,
  phoneNumberSchema,
  samePhone,
  usablePhones,
} from '../../src';

describe('phone numbers', () => {
  it.each([
    // China mobile, in the spellings DMSs use
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['+86-138-1234-5678', '+8613812345678'],
    ['86-13812345678', '+8613812345678'],
    ['008613812345678', '+8613812345678'],
    [' 19912345678 ', '+8619912345678'],
    // China landlines with their area codes
    ['010-12345678', '+861012345678'],
    ['(010) 1234 5678', '+861012345678'],
    ['+86 10 1234 5678', '+861012345678'],
    ['0755-12345678', '+8675512345678'],
    ['021 6234 5678', '+862162345678'],
    ['0312-2192555', '+863122192555'], // Baoding: seven-digit local numbers
    ['0311-87654321', '+8631187654321'],
    // other countries, with their country code
    ['+34 612 34 56 78', '+34612345678'],
    ['0034 912 345 678', '+34912345678'],
    ['+1 202 555 0123', '+12025550123'],
  ])('%s is stored as %s', (text, e164) => {
    expect(normalisePhoneNumber(text)).toBe(e164);
    expect(phoneNumberSchema.parse(text)).toBe(e164);
  });

  it.each([
    ['12345678901', 'eleven digits, but no mobile range starts with 12'],
    ['1381234567', 'a mobile number one digit short'],
    ['138123456789', 'a mobile number one digit long'],
    ['13812345', 'eight digits starting like a mobile'],
    ['0755-1234567', 'Shenzhen local numbers have eight digits'],
    ['12345', 'too short for anything'],
    ['00000000000', 'zeros'],
    ['612345678', 'a Spanish mobile without its country code reads as Chinese'],
    ['call me', 'letters'],
    ['', 'nothing'],
  ])('%s is refused (%s)', (text) => {
    expect(normalisePhoneNumber(text)).toBeUndefined();
    const r = phoneNumberSchema.safeParse(text);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/not a valid phone number.*\+34/);
  });

  const allocated = [
    ...'0123456789'.split('').map((d) => `13${d}`),
    '145',
    '147',
    '150',
    '151',
    '152',
    '153',
    '155',
    '156',
    '157',
    '158',
    '159',
    '166',
    '170',
    '176',
    '177',
    '178',
    ...'0123456789'.split('').map((d) => `18${d}`),
    '191',
    '198',
    '199',
  ];
  const mobile = fc
    .tuple(fc.constantFrom(...allocated), fc.stringMatching(/^[0-9]{8}$/))
    .map(([p, rest]) => `${p}${rest}`);
  const spell = (n: string, how: number): string => {
    const [a, b, c] = [n.slice(0, 3), n.slice(3, 7), n.slice(7)];
    switch (how) {
      case 0:
        return n;
      case 1:
        return `${a} ${b} ${c}`;
      case 2:
        return `${a}-${b}-${c}`;
      case 3:
        return `+86 ${a} ${b} ${c}`;
      case 4:
        return `+86${n}`;
      case 5:
        return `86-${n}`;
      case 6:
        return `0086${n}`;
      default:
        return ` +86-${a}-${b}-${c} `;
    }
  };

  it('gives every spelling of a valid China mobile the same E.164 form', () => {
    fc.assert(
      fc.property(
        mobile,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (n, x, y) => {
          const a = phoneNumberSchema.parse(spell(n, x));
          expect(a).toBe(`+86${n}`);
          expect(phoneNumberSchema.parse(spell(n, y))).toBe(a);
          expect(samePhone(spell(n, x), spell(n, y))).toBe(true);
        },
      ),
    );
  });

  it('keeps the E.164 form a number normalises to as that number read afresh', () => {
    // The cache answers for the E.164 form without parsing it: parsing it must agree.
    const texts = fc.oneof(
      fc.tuple(mobile, fc.integer({ min: 0, max: 7 })).map(([n, how]) => spell(n, how)),
      fc.constantFrom('010-12345678', '0312-2192555', '+34 612 34 56 78', '+1 202 555 0123'),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const e164 = normalisePhoneNumber(text);
        expect(e164).toBeDefined();
        const fresh = parsePhoneNumberFromString(e164!, PHONE_DEFAULT_COUNTRY);
        expect(fresh?.isValid()).toBe(true);
        expect(fresh?.number).toBe(e164);
        expect(normalisePhoneNumber(e164!)).toBe(e164);
      }),
    );
  });

  it('refuses a China mobile with a digit too many or too few', () => {
    fc.assert(
      fc.property(mobile, fc.boolean(), (n, longer) => {
        const wrong = longer ? `${n}0` : n.slice(0, -1);
        expect(phoneNumberSchema.safeParse(wrong).success).toBe(false);
      }),
    );
  });

  it('compares numbers stored before normalisation by their normalised form', () => {
    expect(phoneKey('138 1234 5678')).toBe('+8613812345678');
    expect(samePhone('138-1234-5678', '+8613812345678')).toBe(true);
    expect(samePhone('13812345678', '13812345679')).toBe(false);
    // A stored number that is not valid is compared by its digits.
    expect(phoneKey('123 45')).toBe('12345');
    expect(samePhone('123-45', '12345')).toBe(true);
  });

  it('normalises the numbers of a DMS profile, contact person included, and names a bad one', () => {
    const ok = customerProfileSchema.parse({
      id: 'c1',
      name: '张三',
      phones: [{ number: '138 1234 5678' }],
      contactPerson: { name: '李四', phone: '010-12345678' },
    });
    expect(ok.phones[0]!.number).toBe('+8613812345678');
    expect(ok.contactPerson!.phone).toBe('+861012345678');
    const bad = customerProfileSchema.safeParse({
      id: 'c1',
      name: '张三',
      phones: [{ number: '13812345678' }, { number: '1381234567' }],
      contactPerson: { name: '李四', phone: '12345678901' },
    });
    expect(issuesFromZod(bad.error!).map((i) => i.path)).toEqual([
      ['phones', 1, 'number'],
      ['contactPerson', 'phone'],
    ]);
  });

  it('counts as usable the valid phones not found wrong, and the contact person unless found wrong', () => {
    const phone = (number: string, valid = true) => ({
      number,
      belongsTo: 'owner' as const,
      valid,
    });
    expect(usablePhones({ phones: [] })).toEqual([]);
    expect(usablePhones({ phones: [phone('13812345678', false)] })).toEqual([]);
    // Stored before normalisation, in the DMS's spelling: still usable, returned in E.164.
    expect(usablePhones({ phones: [phone('138 1234 5678')] })).toEqual(['+8613812345678']);
    // A stored number that cannot exist is not usable.
    expect(usablePhones({ phones: [phone('123 45')] })).toEqual([]);
    expect(
      usablePhones({ phones: [], contactPerson: { name: '李四', phone: '+861012345678' } }),
    ).toEqual(['+861012345678']);
    expect(
      usablePhones({
        phones: [phone('010 1234 5678', false)],
        contactPerson: { name: '李四', phone: '+861012345678' },
      }),
    ).toEqual([]);
  });
});
