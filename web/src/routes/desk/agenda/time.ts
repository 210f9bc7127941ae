// Days and times of the agenda in the business time zone (Moscow), whatever
// the browser's zone: the API takes days as YYYY-MM-DD of that zone and
// instants as ISO times.
import { moscowParts } from '../../../lib/format';

/** The Moscow day of an instant, YYYY-MM-DD. */
export function dayOf(value: Date | string): string {
  const p = moscowParts(new Date(value));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The Moscow clock time of an instant, HH:mm. */
export function timeOf(value: Date | string): string {
  const p = moscowParts(new Date(value));
  return `${p.hour}:${p.minute}`;
}

/** A YYYY-MM-DD day as midnight UTC, for day arithmetic. */
function utcDay(day: string, plus = 0): Date {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + plus));
}

/** A day n days after day (n may be negative). */
export function addDays(day: string, n: number): string {
  return utcDay(day, n).toISOString().slice(0, 10);
}

/** The days of a view: one, or the week from day. */
export function daysFrom(day: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(day, i));
}

/** A Moscow day and clock time as an instant. Moscow keeps UTC+3 all year (no daylight saving since 2014). */
export function instant(day: string, time: string): string {
  return `${day}T${time}:00+03:00`;
}

/** `DD.MM, пн` for a day's heading. */
export function dayTitle(day: string): string {
  const weekday = new Intl.DateTimeFormat('ru-RU', { weekday: 'short', timeZone: 'UTC' }).format(utcDay(day));
  return `${day.slice(8, 10)}.${day.slice(5, 7)}, ${weekday}`;
}
