// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Route, Routes } from 'react-router';
import PublicStatusPage from './PublicStatusPage';

function open(answer: Response) {
  const asked: string[] = [];
  fetchMock.mockImplementation(async (req: Request) => {
    asked.push(new URL(req.url).pathname);
    return answer;
  });
  renderWithApi(
    <Routes>
      <Route path="/s/:token" element={<PublicStatusPage />} />
    </Routes>,
    '/s/tok_-123',
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
