import { describe, expect, it } from 'vitest';
import { diff, emptyForm, fromApi, toApi } from './formModel';

describe('dates in the act form', () => {
  it('sends what was typed as ДД.ММ.ГГГГ (or with a two-digit year) as an ISO date', () => {
    const api = toApi({ ...emptyForm(), saleDate: '01.06.23', acceptedDate: '15.06.2023', repairEndDate: '2023-06-20' });
    expect(api.saleDate).toBe('2023-06-01');
    expect(api.acceptedDate).toBe('2023-06-15');
    expect(api.repairEndDate).toBe('2023-06-20');
  });

  it('does not send a date that does not parse, and a PATCH leaves the saved one alone', () => {
    const saved = { ...emptyForm(), saleDate: '01.06.2023' };
    const now = { ...saved, saleDate: '31.02.2023' };
    expect(toApi(now).saleDate).toBeUndefined();
    expect(diff(saved, now)).toEqual({});
  });

  it('shows the API’s dates as ДД.ММ.ГГГГ', () => {
    expect(fromApi({ saleDate: '2023-06-01', acceptedDate: '2023-06-15' })).toMatchObject({ saleDate: '01.06.2023', acceptedDate: '15.06.2023', repairEndDate: '' });
  });
});
