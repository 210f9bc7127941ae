// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { QueryClient } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { Route, Routes } from 'react-router';
import { ru } from '../../i18n/ru';
import { meKey } from '../../session';
import { LoginPage } from '../login/LoginPage';
import PasswordPage from './PasswordPage';

let answer: () => Response;
let bodies: unknown[];
let signedIn: boolean;

beforeEach(() => {
  bodies = [];
  signedIn = true;
  fetchMock.mockImplementation(async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname === '/api/me') {
      return signedIn
        ? json(200, { user: { id: 'u1', login: 'sc', name: 'Мастер', role: 'service_center' } })
        : json(401, { error: { code: 'unauthorized', message: 'Войдите' } });
    }
    if (url.pathname === '/api/me/password' && req.method === 'POST') {
      bodies.push(await req.json());
      return answer();
    }
    return json(404, { message: 'Not Found' });
  });
});

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(meKey, { id: 'u1', login: 'sc', name: 'Мастер', role: 'service_center' });
  return renderWithApi(
    <Routes>
      <Route path="/me/password" element={<PasswordPage />} />
      <Route path="/login" element={<LoginPage />} />
    </Routes>,
    '/me/password',
    client,
  );
}

function fill(current: string, next: string, repeat: string) {
  fireEvent.change(screen.getByLabelText(ru.account.current), { target: { value: current } });
  fireEvent.change(screen.getByLabelText(ru.account.next), { target: { value: next } });
  fireEvent.change(screen.getByLabelText(ru.account.repeat), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: ru.account.submit }));
}

describe('PasswordPage', () => {
  it('refuses a mistyped repeat without asking the API', async () => {
    renderPage();
    fill('old-password-1', 'new-password-1', 'new-password-2');
    expect(await screen.findByText(ru.account.mismatch)).toBeTruthy();
    expect(screen.getByLabelText(ru.account.repeat).getAttribute('aria-invalid')).toBe('true');
    expect(bodies).toHaveLength(0);
  });

  it('marks empty fields in Russian', async () => {
    renderPage();
    fill('', '', '');
    expect(await screen.findByText(ru.account.currentRequired)).toBeTruthy();
    expect(screen.getByText(ru.account.newRequired)).toBeTruthy();
    expect(bodies).toHaveLength(0);
  });

  it("shows the API's reason on the field it names and keeps what was typed", async () => {
    answer = () =>
      json(400, {
        error: {
          code: 'validation',
          message: 'Проверьте поля',
          fields: [{ field: 'currentPassword', code: 'wrong_password', message: 'Текущий пароль указан неверно' }],
        },
      });
    renderPage();
    fill('wrong-password', 'new-password-1', 'new-password-1');
    expect(await screen.findByText('Текущий пароль указан неверно')).toBeTruthy();
    expect(screen.getByLabelText(ru.account.current).getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByLabelText(ru.account.next) as HTMLInputElement).value).toBe('new-password-1');
    expect(bodies).toEqual([{ currentPassword: 'wrong-password', newPassword: 'new-password-1' }]);
  });

  it('signs the user out and asks them to sign in again after a change', async () => {
    answer = () => new Response(null, { status: 204 });
    const client = renderPage();
    fill('old-password-1', 'new-password-1', 'new-password-1');
    signedIn = false;
    expect(await screen.findByText(ru.account.changed)).toBeTruthy();
    expect(screen.getByRole('button', { name: ru.login.submit })).toBeTruthy();
    await waitFor(() => expect(client.getQueryData(meKey)).toBeNull());
  });
});
