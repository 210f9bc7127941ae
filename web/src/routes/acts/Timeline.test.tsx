import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActDetail } from '../../api/types';
import { ru } from '../../i18n/ru';
import { formatMoney } from '../../lib/format';
import { nextStep, Timeline } from './ActPage';

afterEach(cleanup);

const event = (over: Partial<ActDetail['history'][number]>): ActDetail['history'][number] => ({
  id: `e-${Math.random()}`,
  actId: 'a-1',
  at: '2026-06-15T07:05:00Z',
  actorId: 'u-1',
  actorRole: 'system',
  type: 'file_rejected',
  ...over,
});

function history(...events: ActDetail['history']): string {
  const { getByTestId } = render(<Timeline act={{ history: events } as ActDetail} />);
  return getByTestId('act-history').textContent ?? '';
}

describe('the act history', () => {
  it('names a rejected file’s reason in Russian, never the check’s code', () => {
    const text = history(event({ reason: 'type_mismatch' }), event({ reason: 'a_code_added_later' }));
    expect(text).toContain(`${ru.act.reason}: ${ru.files.rejectReasons.type_mismatch}`);
    expect(text).toContain(`${ru.act.reason}: ${ru.files.rejectReason('a_code_added_later')}`);
    expect(text).not.toMatch(/type_mismatch|a_code_added_later/);
  });

  it('shows a reason a person typed as typed', () => {
    const text = history(event({ type: 'status', from: 'submitted', to: 'refused', actorRole: 'manager', reason: 'Не гарантийный случай' }));
    expect(text).toContain(`${ru.act.reason}: Не гарантийный случай`);
  });

  it('marks times as Moscow time', () => {
    expect(history(event({ reason: 'empty' }))).toContain('15.06.2026 10:05 МСК');
  });
});

describe('an edit in the history', () => {
  it('shows each field old → new as the act page shows it', () => {
    const text = history(
      event({
        type: 'edited',
        actorRole: 'manager',
        changes: [
          { field: 'internalNumber', old: null, new: '12833-во-31' },
          { field: 'saleDate', old: '2023-06-01', new: '2023-06-02' },
          { field: 'appearance', old: 'new', new: 'used' },
          { field: 'warrantyCase', old: false, new: true },
          { field: 'customerPhone', old: '+79347341234', new: null },
          { field: 'parts', old: [], new: [{ name: 'Коленвал', quantity: 1, ownPart: true, price: 780 }] },
        ],
      }),
    );
    expect(text).toContain(ru.act.change(ru.form.internalNumber, ru.act.emptyValue, '12833-во-31'));
    expect(text).toContain(ru.act.change(ru.form.saleDate, '01.06.2023', '02.06.2023'));
    expect(text).toContain(ru.act.change(ru.form.appearance, 'Новое', 'Б/У'));
    expect(text).toContain(ru.act.change(ru.form.warrantyCase, ru.form.no, ru.form.yes));
    expect(text).toContain(ru.act.change(ru.form.customerPhone, '+7 934 734-12-34', ru.act.emptyValue));
    expect(text).toContain(ru.act.change(ru.form.parts, ru.act.emptyValue, 'Коленвал × 1'));
    // No field code reaches the screen.
    expect(text).not.toMatch(/internalNumber|saleDate|warrantyCase|used\b/);
  });
});

describe('the next step after an approval', () => {
  const own = (price: number, quantity = 1) => ({ name: 'Коленвал', quantity, ownPart: true, price });
  it('tells the centre nothing ships when every part is its own, with what it is owed', () => {
    const text = nextStep({ status: 'approved', parts: [own(780), own(340, 2)] }, true);
    expect(text).toBe(ru.nextStepOwnParts(formatMoney(1460)));
    expect(text).not.toContain(ru.nextStep.approved);
    expect(nextStep({ status: 'approved', parts: [own(780)] }, false)).toBe(ru.nextStepStaffOwnParts);
  });

  it('still says a shipment comes when the wholesaler ships a part', () => {
    expect(nextStep({ status: 'approved', parts: [own(780), { name: 'Свеча', quantity: 1, ownPart: false }] }, true)).toBe(ru.nextStep.approved);
    expect(nextStep({ status: 'submitted', parts: [own(780)] }, true)).toBe(ru.nextStep.submitted);
  });
});
