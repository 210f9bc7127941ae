import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ru } from '../../i18n/ru';
import { SessionLayout } from '../SessionLayout';
import PasswordPage from './PasswordPage';

// openapi-fetch takes globalThis.fetch when the client module loads.
const fetchMock = vi.hoisted(() => {
  const f = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = f as unknown as typeof fetch;
  return f;
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

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

afterEach(() => {
  cleanup();
  fetchMock.mockReset();
});

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<SessionLayout />}>
            <Route path="/acts" element={<p>acts screen</p>} />
            <Route path="/me/password" element={<PasswordPage />} />
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
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
