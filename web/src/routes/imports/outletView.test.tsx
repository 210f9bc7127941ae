import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outlet } from '../../api/types';
import { ColumnChooser, OutletTable, defaultColumns } from './outletView';

afterEach(cleanup);

const base = { address: 'ул. Ленина, 1', city: 'Москва', status: 'active', distributorId: 'D1', changedAt: '2026-12-03T09:00:00Z', loadId: 'L1', loadSeq: 1 } as const;
const rdc: Outlet = {
  ...base,
  code: 'R-1',
  name: 'Склад',
  subtype: 'rdc',
  rdc: {
    externalCode: 'EXT-1',
    name: 'Склад Север',
    activityType: 'Coffee',
    distributionMethod: 'equal',
    distributeToRdc: true,
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    status: 'inactive',
  },
};
const shop: Outlet = { ...base, code: 'T-1', name: 'Магазин', subtype: 'outlet', rdcCode: 'R-1', rdcShare: 1 };

describe('the outlet table', () => {
  it("shows an RDC's record in its columns, as the loader spells it, and blanks for other outlets", () => {
    render(
      <OutletTable
        outlets={[rdc, shop]}
        columns={['code', 'rdcExternalCode', 'rdcName', 'rdcActivity', 'rdcMethod', 'rdcToSelf', 'rdcStart', 'rdcEnd', 'rdcStatus']}
        sort=""
        onSort={() => {}}
      />,
    );
    const table = screen.getByTestId('outlets');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Код ГО',
      'Внешний код РЦ',
      'Название РЦ',
      'Тип деятельности',
      'Метод распределения',
      'Распределять продажи на точку – РЦ',
      'Дата начала РЦ',
      'Дата окончания РЦ',
      'Статус РЦ',
    ]);
    const [first, second] = within(table).getAllByRole('row').slice(1);
    expect(within(first!).getAllByRole('cell').map((td) => td.textContent)).toEqual([
      'R-1', 'EXT-1', 'Склад Север', 'Coffee', 'Поровну', 'Да', '01.12.2026', '31.12.2026', 'Неактивен',
    ]);
    expect(within(second!).getAllByRole('cell').map((td) => td.textContent)).toEqual(['T-1', '', '', '', '', '', '', '', '']);
  });

  it('offers the RDC columns in the chooser, off by default', () => {
    render(<ColumnChooser columns={defaultColumns} onChange={() => {}} />);
    const box = screen.getByTestId('column-chooser');
    for (const id of ['rdcExternalCode', 'rdcMethod', 'rdcStatus']) {
      const input = box.querySelector<HTMLInputElement>(`input[name=col-${id}]`);
      expect(input?.checked).toBe(false);
    }
    expect(defaultColumns.some((c) => c.startsWith('rdc') && c !== 'rdcCode' && c !== 'rdcShare')).toBe(false);
  });
});
