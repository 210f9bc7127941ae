import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import PublicStatusPage from './PublicStatusPage';

// openapi-fetch takes globalThis.fetch when the client module loads.
const fetchMock = vi.hoisted(() => {
  const f = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = f as unknown as typeof fetch;
  return f;
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  cleanup();
  fetchMock.mockReset();
});

function open(answer: Response) {
  const asked: string[] = [];
  fetchMock.mockImplementation(async (req: Request) => {
    asked.push(new URL(req.url).pathname);
    return answer;
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/s/tok_-123']}>
        <Routes>
          <Route path="/s/:token" element={<PublicStatusPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return asked;
}

describe('the customer’s status page', () => {
  it('shows the status, the device and how to call the centre, and asks nothing about a session', async () => {
    const asked = open(
      json(200, {
        number: 'СЦ-2026-000007',
        status: 'ready',
        statusName: 'Готов (можно забирать)',
        statusSince: '2026-12-03T10:00:00Z',
        device: 'Газонокосилка ГК-1500',
        acceptedAt: '2026-12-01T09:00:00Z',
        centre: { name: 'СЦ «Север»', phone: '+7 (495) 123-45-67', hours: 'Пн–Пт 9–18' },
      }),
    );
    expect(await screen.findByText('Готов (можно забирать)')).toBeTruthy();
    expect(screen.getByText('Газонокосилка ГК-1500')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Позвонить/ }).getAttribute('href')).toBe('tel:+74951234567');
    expect(asked).toEqual(['/api/public/status/tok_-123']);
  });

  it('says in Russian that an old link has expired', async () => {
    open(json(410, { error: { code: 'gone', message: 'Ссылка больше не действует: заказ выдан больше 30 дней назад.' } }));
    expect((await screen.findByRole('alert')).textContent).toContain('Ссылка больше не действует');
  });
});
