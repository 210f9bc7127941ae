import { cleanup, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActDetail } from '../../api/types';
import { ru } from '../../i18n/ru';
import { Verdict } from './Verdict';

afterEach(cleanup);

function shown(eligibility: ActDetail['eligibility']) {
  return render(
    <MemoryRouter>
      <Verdict act={{ eligibility } as ActDetail} />
    </MemoryRouter>,
  );
}

describe('the verdict at the top of an act', () => {
  it('says nothing before the act is judged', () => {
    expect(shown(undefined).queryByTestId('verdict')).toBeNull();
  });

  it('names the verdict in Russian with every reason and links a repeat claim to the earlier act', () => {
    const { getByTestId, getByRole } = shown({
      verdict: 'doubtful',
      reasons: [{ code: 'repeat_claim', severity: 'doubt', message: 'Серийный номер заявлен также в акте 2026-000007', actId: 'a-7', actNumber: '2026-000007' }],
    });
    const box = getByTestId('verdict');
    expect(box.dataset.verdict).toBe('doubtful');
    expect(box.textContent).toContain(`${ru.eligibility.title}: ${ru.eligibility.verdicts.doubtful}`);
    expect(box.textContent).toContain('заявлен также в акте 2026-000007');
    expect(getByRole('link', { name: ru.eligibility.openAct('2026-000007') }).getAttribute('href')).toBe('/acts/a-7');
  });

  it('warns that deciding against a firm verdict needs a reason', () => {
    const { getByTestId } = shown({ verdict: 'not_eligible', reasons: [{ code: 'sale_period_expired', severity: 'refusal', message: 'Гарантия истекла' }] });
    expect(getByTestId('verdict').textContent).toContain(ru.eligibility.decideAgainst);
  });
});
