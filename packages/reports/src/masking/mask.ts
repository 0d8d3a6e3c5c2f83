/**
 * Personal data is masked by default in every report (PIPL): a manager reading a weekly list
 * needs to recognise a case, not to copy a phone number.
 */

/** `13812345678` → `138****5678`; shorter numbers keep only their last 2 digits. */
export function maskPhone(phone: string): string {
  const digits = [...phone.replace(/[\s-]/g, '')];
  if (digits.length >= 11) {
    return `${digits.slice(0, digits.length - 8).join('')}****${digits.slice(-4).join('')}`;
  }
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2).join('')}`;
}

/** `张三` → `张*`, `欧阳娜娜` → `欧***`, `Ana García` → `A*********`: the first character stays. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(chars.length - 1);
}
