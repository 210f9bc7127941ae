import { describe, expect, it } from 'vitest';
import { diff, emptyForm, emptyPart, formFieldOf, fromApi, fromRepair, omitFields, revertFields, stepsWithErrors, toApi, fieldLabel } from './formModel';
import type { Customer, Device, Repair } from '../../api/types';
import { ru } from '../../i18n/ru';

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

describe('a save with a refused field', () => {
  it('finds the form field of an API field, rows as a whole', () => {
    expect(formFieldOf('internalNumber')).toBe('internalNumber');
    expect(formFieldOf('parts[1].price')).toBe('parts');
    expect(formFieldOf('parts.0.name')).toBe('parts');
    expect(formFieldOf('version')).toBeNull();
    expect(formFieldOf('files')).toBeNull();
  });

  it('leaves the refused fields out of the body and keeps the rest', () => {
    const now = { ...emptyForm(), internalNumber: '12833-во-31', mechanic: 'Иванович Дмитрий', parts: [{ ...emptyPart(), name: 'Коленвал', price: '780' }] };
    const body = omitFields(toApi(now), ['internalNumber', 'parts']);
    expect(body.internalNumber).toBeUndefined();
    expect(body.parts).toBeUndefined();
    expect(body.mechanic).toBe('Иванович Дмитрий');
  });

  it('holds the refused fields at their saved values, so the next save sends them again', () => {
    const saved = { ...emptyForm(), mechanic: 'Иванов' };
    const now = { ...saved, internalNumber: 'A-1', mechanic: 'Иванович Дмитрий' };
    const held = revertFields(now, saved, ['internalNumber']);
    expect(held.internalNumber).toBe('');
    expect(held.mechanic).toBe('Иванович Дмитрий');
    expect(diff(held, now)).toEqual({ internalNumber: 'A-1' });
  });

  it('names the steps holding an error, once each and in order', () => {
    expect(stepsWithErrors(['customerPhone', 'internalNumber', 'parts.0.price', 'mechanic', 'acceptedDate'])).toEqual([0, 1, 2, 3]);
    expect(stepsWithErrors(['internalNumber'])).toEqual([1]);
    expect(stepsWithErrors([])).toEqual([]);
  });
});

describe('field names in the banner', () => {
  it('names a field by its label on the form', () => {
    expect(fieldLabel('internalNumber')).toBe(ru.form.internalNumber);
    expect(fieldLabel('sellerOrganization')).toBe(ru.form.seller);
    expect(fieldLabel('parts[1].price')).toBe(`${ru.form.partRow(2)}: ${ru.form.partPrice}`);
    expect(fieldLabel('parts.0')).toBe(ru.form.partRow(1));
  });
});

describe('an act opened from a repair order', () => {
  const repair = { number: 'СЦ-2026-000007', complaint: 'Не заводится', createdAt: '2026-06-14T22:30:00Z' } as Repair;
  const device = { category: 'Газонокосилка', maker: 'Энергопром', model: 'ГК-1500', serial: 'SN123', saleDate: '2026-05-02', seller: 'ООО Сад', warrantyCard: true } as Device;
  const customer = { name: 'Петров Иван', phones: ['+79347341234', '+79990000000'] } as Customer;

  it('takes the unit, the complaint, the customer and the order number', () => {
    expect(fromRepair(repair, device, customer)).toMatchObject({
      category: 'Газонокосилка',
      article: 'Энергопром ГК-1500',
      serialNumber: 'SN123',
      noSerial: false,
      complaint: 'Не заводится',
      saleDate: '02.05.2026',
      acceptedDate: '15.06.2026', // 01:30 in Moscow
      warrantyCard: 'yes',
      internalNumber: 'СЦ-2026-000007',
      customerName: 'Петров Иван',
      customerPhone: '+79347341234',
      sellerOrganization: 'ООО Сад',
    });
  });

  it('marks a unit without a serial as such', () => {
    const f = fromRepair(repair, { ...device, serial: undefined, warrantyCard: false }, customer);
    expect(f).toMatchObject({ serialNumber: '', noSerial: true, warrantyCard: 'no' });
    expect(toApi(f).serialNumber).toBe('Б/Н');
  });
});
