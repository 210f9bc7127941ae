// Russian phone numbers, by the same rules as the back end's shared/phone:
// accepted in any common format, stored as E.164 (+79347341234), shown as
// `+7 934 734-12-34`. The client checks a number as it is typed so the user
// hears about a mistake before the API refuses it.

const separators = new Set([' ', '\u00a0', '-', '\u2013', '(', ')', '.', '\t']);

/** E.164 form of a Russian number, or null when it is not one. */
export function normalizePhone(input: string): string | null {
  const s = input.trim();
  const plus = s.startsWith('+');
  let digits = '';
  for (const ch of plus ? s.slice(1) : s) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (!separators.has(ch)) return null;
  }
  if (digits.length === 11 && digits[0] === '7') digits = digits.slice(1);
  else if (digits.length === 11 && digits[0] === '8' && !plus) digits = digits.slice(1);
  else if (!(digits.length === 10 && !plus)) return null;
  // Russian geographic codes start with 3, 4 or 8, mobile ones with 9;
  // +7 6xx and +7 7xx are Kazakhstan.
  if (!'3489'.includes(digits[0] ?? '')) return null;
  return `+7${digits}`;
}

/** `+7 934 734-12-34` for a stored +7 number; anything else unchanged, so showing never fails. */
export function formatPhone(e164: string): string {
  if (!/^\+7\d{10}$/.test(e164)) return e164;
  const n = e164.slice(2);
  return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
}
