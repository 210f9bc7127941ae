import { describe, expect, it } from 'vitest';
import { parseTypedDate, typedFromISO } from './typedDate';

const today = new Date('2026-12-03T12:00:00Z');

describe('parseTypedDate', () => {
  it.each([
    ['01.06.2023', '2023-06-01'],
    ['1.6.2023', '2023-06-01'],
    ['01/06/2023', '2023-06-01'],
    ['01-06-2023', '2023-06-01'],
    [' 01.06.2023 ', '2023-06-01'],
    ['2023-06-01', '2023-06-01'],
    // A two-digit year is this century's, never year 0023.
    ['01.06.23', '2023-06-01'],
    ['15.01.27', '2027-01-15'],
    ['15.01.99', '1999-01-15'],
    ['29.02.2024', '2024-02-29'],
  ])('%s → %s', (typed, iso) => {
    expect(parseTypedDate(typed, today)).toBe(iso);
  });

  it.each(['31.02.2023', '29.02.2023', '00.06.2023', '01.13.2023', '06/01', 'вчера', '2023.06.01', '01.06.123', '01.06.0023'])('refuses %s', (typed) => {
    expect(parseTypedDate(typed, today)).toBe('invalid');
  });

  it('treats an empty field as no date', () => {
    expect(parseTypedDate('  ', today)).toBeNull();
  });
});

describe('typedFromISO', () => {
  it('shows the API date as ДД.ММ.ГГГГ', () => {
    expect(typedFromISO('2023-06-15')).toBe('15.06.2023');
    expect(typedFromISO('')).toBe('');
  });
});
