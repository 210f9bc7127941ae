import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActDetail } from '../../api/types';
import { ru } from '../../i18n/ru';
import { Timeline } from './ActPage';

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
