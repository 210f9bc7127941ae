import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, moscowMonth } from './format';

describe('formatDate', () => {
  it('shows DD.MM.YYYY in Moscow time, not the browser zone', () => {
    // 21:30 UTC on 31 Dec is already 1 January in Moscow (UTC+3).
    expect(formatDate(new Date('2025-12-31T21:30:00Z'))).toBe('01.01.2026');
    expect(formatDate('2026-03-05T08:00:00Z')).toBe('05.03.2026');
  });

  it('shows an unparsable value as it came', () => {
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('shows DD.MM.YYYY HH:mm МСК in Moscow time with a 24-hour clock', () => {
    expect(formatDateTime('2026-07-14T12:07:00Z')).toBe('14.07.2026 15:07 МСК');
    expect(formatDateTime(new Date('2026-01-01T21:05:59Z'))).toBe('02.01.2026 00:05 МСК');
  });

  it('keeps midnight as 00, not 24', () => {
    expect(formatDateTime('2026-02-28T21:00:00Z')).toBe('01.03.2026 00:00 МСК');
  });
});

describe('formatMoney', () => {
  const nbsp = /[\u00a0\u202f]/g;
  it('shows roubles with kopecks and Russian grouping', () => {
    expect(formatMoney(1234.5).replace(nbsp, ' ')).toBe('1 234,50 ₽');
    expect(formatMoney('99.9').replace(nbsp, ' ')).toBe('99,90 ₽');
    expect(formatMoney(0).replace(nbsp, ' ')).toBe('0,00 ₽');
  });

  it('shows a value that is not a number as it came', () => {
    expect(formatMoney('abc')).toBe('abc');
    expect(formatMoney('')).toBe('');
  });
});

describe('moscowMonth', () => {
  it("is Moscow's month, and the month before it across a year's end", () => {
    // 21:30 UTC on 31 Dec is January in Moscow: its previous month is December.
    expect(moscowMonth(new Date('2025-12-31T21:30:00Z'))).toBe('2026-01');
    expect(moscowMonth(new Date('2025-12-31T21:30:00Z'), 1)).toBe('2025-12');
    expect(moscowMonth(new Date('2026-03-15T12:00:00Z'), 3)).toBe('2025-12');
  });
});
