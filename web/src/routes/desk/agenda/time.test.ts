import { describe, expect, it } from 'vitest';
import { addDays, dayOf, daysFrom, dayTitle, instant, timeOf } from './time';

describe('the agenda keeps Moscow days and times whatever the browser zone', () => {
  it('reads an instant as a Moscow day and time', () => {
    // 22:30 UTC on the 3rd is 01:30 on the 4th in Moscow.
    expect(dayOf('2026-03-03T22:30:00Z')).toBe('2026-03-04');
    expect(timeOf('2026-03-03T22:30:00Z')).toBe('01:30');
  });
  it('writes a Moscow day and time as an instant that reads back the same', () => {
    const at = instant('2026-03-04', '09:15');
    expect(new Date(at).toISOString()).toBe('2026-03-04T06:15:00.000Z');
    expect(dayOf(at)).toBe('2026-03-04');
    expect(timeOf(at)).toBe('09:15');
  });
  it('counts days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysFrom('2026-02-27', 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
  it('titles a day with its date and weekday', () => {
    expect(dayTitle('2026-03-04')).toBe('04.03, ср');
  });
});
