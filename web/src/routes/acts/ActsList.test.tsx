import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ActListItem } from '../../api/types';
import { ru } from '../../i18n/ru';
import { ActsList } from './ActsList';

const at = '2026-12-01T09:00:00Z';
const act = (id: string, number: string, eligibility?: ActListItem['eligibility']): ActListItem =>
  ({
    id,
    number,
    serviceCenterId: 'sc-1',
    serviceCenterName: 'СЦ «Север»',
    status: 'submitted',
    version: 2,
    createdBy: 'u-1',
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
    submittedAt: at,
    reviewDays: 1,
    reviewOverdue: false,
    eligibility,
  }) as ActListItem;

describe('the review queue', () => {
  it('shows each judged act’s verdict with its reasons, and nothing for an act not judged', async () => {
    fetchMock.mockImplementation(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/acts')
        return json(200, {
          items: [
            act('a-1', '2026-000001', {
              verdict: 'not_eligible',
              reasons: [{ code: 'presale_too_old', severity: 'refusal', message: 'Предторговое изделие старше допустимого' }],
            }),
            act('a-2', '2026-000002', { verdict: 'eligible', reasons: [] }),
            act('a-3', '2026-000003'),
          ],
        });
      return json(200, { items: [] });
    });
    renderWithApi(<ActsList role="manager" view="queue" title="Очередь" />);
    const rows = await screen.findAllByTestId('act-row');
    expect(rows).toHaveLength(3);
    const [first, second, third] = rows as [HTMLElement, HTMLElement, HTMLElement];
    const verdict = within(first).getByTestId('act-verdict');
    expect(verdict.dataset.verdict).toBe('not_eligible');
    expect(verdict.textContent).toContain(ru.eligibility.verdicts.not_eligible);
    expect(verdict.textContent).toContain('Предторговое изделие старше допустимого');
    expect(within(second).getByTestId('act-verdict').textContent).toBe(ru.eligibility.verdicts.eligible);
    expect(within(third).queryByTestId('act-verdict')).toBeNull();
  });
});
