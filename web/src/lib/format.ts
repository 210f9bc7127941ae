// How dates, times and money are shown to people (web.md, Conventions):
// dates DD.MM.YYYY, times in the business time zone and marked so, money in roubles with kopecks.
import { ru } from '../i18n/ru';

/** The business time zone; every time shown is in it, whatever the browser's zone. */
export const BUSINESS_TIME_ZONE = 'Europe/Moscow';

const dateTimeParts = new Intl.DateTimeFormat('ru-RU', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Moscow calendar and clock fields of an instant (year, month, day, hour, minute), zero-padded. */
export function moscowParts(d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeParts.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** `YYYY-MM` of Moscow's month at `now`, `back` months earlier: a report's default month, the same near month ends in any browser zone. */
export function moscowMonth(now: Date = new Date(), back = 0): string {
  const p = moscowParts(now);
  const m = Number(p.year) * 12 + Number(p.month) - 1 - back;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

function toDate(value: Date | string): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `DD.MM.YYYY` in Moscow time; an unparsable value is shown as it came. */
export function formatDate(value: Date | string): string {
  const d = toDate(value);
  if (!d) return String(value);
  const p = moscowParts(d);
  return `${p.day}.${p.month}.${p.year}`;
}

/**
 * `DD.MM.YYYY HH:mm МСК` in Moscow time: the mark tells a centre in
 * Vladivostok which clock it is. An unparsable value is shown as it came.
 */
export function formatDateTime(value: Date | string): string {
  const d = toDate(value);
  if (!d) return String(value);
  const p = moscowParts(d);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute} ${ru.app.moscowZone}`;
}

const rub = new Intl.NumberFormat('ru-RU', {
  style: 'currency',
  currency: 'RUB',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/**
 * Roubles with kopecks, `1 234,50 ₽` (Intl's Russian grouping uses no-break
 * spaces). Takes a number or the decimal string the API sends; anything else
 * is shown as it came.
 */
export function formatMoney(value: number | string): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') return value;
  return Number.isFinite(n) ? rub.format(n) : String(value);
}
