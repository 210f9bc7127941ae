// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { cleanup, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { Route, Routes } from 'react-router';
import { ru } from '../../i18n/ru';
import { SessionLayout } from '../SessionLayout';
import PasswordPage from './PasswordPage';

let changeRequired: boolean | undefined;

beforeEach(() => {
  fetchMock.mockImplementation(async (req: Request) => {
    if (new URL(req.url).pathname === '/api/me') {
      const user = { id: 'u1', login: 'sc', name: 'Мастер', role: 'service_center' };
      return json(200, changeRequired === undefined ? { user } : { user, passwordChangeRequired: changeRequired });
    }
    return json(404, { message: 'Not Found' });
  });
});

function renderAt(path: string) {
  renderWithApi(
    <Routes>
      <Route element={<SessionLayout />}>
        <Route path="/acts" element={<p>acts screen</p>} />
        <Route path="/me/password" element={<PasswordPage />} />
      </Route>
    </Routes>,
    path,
  );
}

describe('forced password change', () => {
  it('takes a user whose password an admin reset to the change screen, with no sections offered', async () => {
    changeRequired = true;
    renderAt('/acts');
    expect(await screen.findByTestId('password-forced')).toBeTruthy();
    expect(screen.queryByText('acts screen')).toBeNull();
    expect(screen.getByLabelText(ru.account.current)).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: ru.nav.label })).toBeNull();
  });

  it('lets everybody else through, also when the API does not send the flag', async () => {
    for (const flag of [false, undefined]) {
      changeRequired = flag;
      renderAt('/acts');
      expect(await screen.findByText('acts screen')).toBeTruthy();
      expect(screen.getByRole('navigation', { name: ru.nav.label })).toBeTruthy();
      cleanup();
    }
  });

  it('offers the change screen without the warning when no change is due', async () => {
    changeRequired = false;
    renderAt('/me/password');
    expect(await screen.findByLabelText(ru.account.current)).toBeTruthy();
    expect(screen.queryByTestId('password-forced')).toBeNull();
  });
});
