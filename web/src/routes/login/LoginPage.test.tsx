// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { Route, Routes } from 'react-router';
import { ru } from '../../i18n/ru';
import { LoginPage } from './LoginPage';

let loginAnswer: () => Response;
let loginBodies: unknown[];

beforeEach(() => {
  loginBodies = [];
  fetchMock.mockImplementation(async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname === '/api/me') return json(401, { error: { code: 'unauthorized', message: 'Войдите' } });
    if (url.pathname === '/api/auth/login' && req.method === 'POST') {
      loginBodies.push(await req.json());
      return loginAnswer();
    }
    return json(404, { message: 'Not Found' });
  });
});

function renderLogin() {
  renderWithApi(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/somewhere" element={<p>arrived</p>} />
    </Routes>,
    '/login?next=%2Fsomewhere',
  );
}

function submit(login: string, password: string) {
  fireEvent.change(screen.getByLabelText(ru.login.loginLabel), { target: { value: login } });
  fireEvent.change(screen.getByLabelText(ru.login.passwordLabel), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: ru.login.submit }));
}

describe('LoginPage', () => {
  it('marks empty fields without calling the API', async () => {
    renderLogin();
    fireEvent.click(screen.getByRole('button', { name: ru.login.submit }));
    const loginInput = screen.getByLabelText(ru.login.loginLabel);
    expect(loginInput.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(ru.login.loginRequired).id).toBe(loginInput.getAttribute('aria-describedby'));
    expect(screen.getByText(ru.login.passwordRequired)).toBeTruthy();
    expect(document.activeElement).toBe(loginInput);
    expect(loginBodies).toHaveLength(0);
  });

  it('sends the trimmed login and the password as typed, then goes where it was asked', async () => {
    loginAnswer = () =>
      json(200, {
        user: { id: 'u1', login: 'admin', name: 'Админ', role: 'admin' },
        token: 'secret-token',
        expiresAt: '2026-05-01T20:00:00Z',
      });
    renderLogin();
    submit('  admin ', ' pass word ');
    await screen.findByText('arrived');
    expect(loginBodies).toEqual([{ login: 'admin', password: ' pass word ' }]);
    // The token stays with the cookie the API set; the client keeps no copy.
    expect(JSON.stringify({ ...localStorage })).not.toContain('secret-token');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('secret-token');
  });

  it('says the login or password is wrong and clears the password', async () => {
    loginAnswer = () => json(401, { error: { code: 'unauthorized', message: 'Неверный логин или пароль' } });
    renderLogin();
    submit('admin', 'wrong-password');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(ru.login.wrongCredentials);
    expect((screen.getByLabelText(ru.login.passwordLabel) as HTMLInputElement).value).toBe('');
  });

  it('shows until when a locked account must wait, in Moscow time', async () => {
    loginAnswer = () =>
      json(423, {
        error: { code: 'locked', message: 'Заблокировано', details: { retryAt: '2026-11-20T10:42:00Z' } },
      });
    renderLogin();
    submit('admin', 'whatever1234');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('20.11.2026 13:42 МСК');
  });

  it('says nothing was saved when the server cannot be reached', async () => {
    loginAnswer = () => {
      throw new TypeError('Failed to fetch');
    };
    renderLogin();
    submit('admin', 'whatever1234');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(ru.errors.network));
  });
});
