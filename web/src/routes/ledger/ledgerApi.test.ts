import { describe, expect, it } from 'vitest';
import { moscowMonth } from '../../lib/format';
import { today } from './ledgerApi';

describe('the ledger’s month and day are Moscow’s', () => {
  it('counts 23:30 UTC on the last day of November as December', () => {
    expect(moscowMonth(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12');
    expect(moscowMonth(new Date('2026-11-30T20:59:59Z'))).toBe('2026-11');
    expect(moscowMonth(new Date('2026-12-31T21:00:00Z'))).toBe('2027-01');
  });
  it('gives today as YYYY-MM-DD in Moscow', () => {
    expect(today(new Date('2026-12-02T21:30:00Z'))).toBe('2026-12-03');
    expect(today(new Date('2026-12-03T20:00:00Z'))).toBe('2026-12-03');
  });
});
