// Dates as people type them, whatever the browser's language: ДД.ММ.ГГГГ. A
// browser's own date input follows its locale (an English Chrome shows
// mm/dd/yyyy and reads «01.06.2023» as 6 January), so the form uses a text
// field and this parser instead.

/**
 * The ISO date (`YYYY-MM-DD`) for what was typed: `01.06.2023`, `1.6.2023`,
 * `01/06/2023`, `01-06-2023`, an ISO date pasted as is, or a two-digit year
 * (`01.06.23`), which is expanded to this century unless that would be
 * more than a year ahead (`99` → 1999). Returns null for an empty field and
 * 'invalid' for anything else, including dates that do not exist (31.02.2023).
 */
export function parseTypedDate(text: string, today = new Date()): string | null | 'invalid' {
  const t = text.trim();
  if (t === '') return null;
  let d: number, m: number, y: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const typed = /^(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{2}|\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (typed) {
    [d, m, y] = [Number(typed[1]), Number(typed[2]), Number(typed[3])];
    if ((typed[3] as string).length === 2) {
      const thisYear = today.getFullYear();
      y += 2000;
      if (y > thisYear + 1) y -= 100;
    }
  } else return 'invalid';
  if (y < 1900 || m < 1 || m > 12 || d < 1) return 'invalid';
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) return 'invalid';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(y, 4)}-${p(m)}-${p(d)}`;
}

/** `DD.MM.YYYY` for an ISO date; anything else as it came. */
export function typedFromISO(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
