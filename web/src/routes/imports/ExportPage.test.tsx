// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { QueryClient } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { ru } from '../../i18n/ru';
import ExportPage from './ExportPage';

let answer: (n: number) => Response;
let asked: URL[];

beforeEach(() => {
  asked = [];
  fetchMock.mockImplementation(async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname.startsWith('/api/outlets/exports/') && req.method === 'GET') {
      asked.push(url);
      return answer(asked.length);
    }
    return json(404, { message: 'Not Found' });
  });
});

function renderPage(entry: string) {
  const go = vi.fn<(url: string) => void>();
  renderWithApi(
    <Routes>
      <Route path="/exports/:id" element={<ExportPage go={go} />} />
    </Routes>,
    entry,
    new QueryClient(),
  );
  return go;
}

describe('ExportPage', () => {
  it('asks for a fresh link of the mailed export and starts the download, again on each click', async () => {
    answer = (n) => json(200, { url: `https://s3.example/exports/D1/X1.xlsx?sig=${n}`, fileName: 'torgovye-tochki-2026-12-03.xlsx', expiresAt: '2026-12-03T10:05:00Z' });
    const go = renderPage('/exports/X1?distributor=D1');
    expect(await screen.findByText(ru.directory.exportStarted)).toBeTruthy();
    expect(go).toHaveBeenCalledTimes(1);
    expect(go).toHaveBeenLastCalledWith('https://s3.example/exports/D1/X1.xlsx?sig=1');
    expect(asked[0]?.pathname).toBe('/api/outlets/exports/X1');
    expect(asked[0]?.searchParams.get('distributor')).toBe('D1');

    fireEvent.click(screen.getByRole('button', { name: ru.directory.exportAgain }));
    await waitFor(() => expect(go).toHaveBeenCalledTimes(2));
    expect(go).toHaveBeenLastCalledWith('https://s3.example/exports/D1/X1.xlsx?sig=2');
  });

  it('explains an expired link (410) in the API\'s words and points back to the directory', async () => {
    const message = 'Ссылка на выгрузку действовала 7 дней, до 10.12.2026 13:00, и больше не работает.';
    answer = () => json(410, { error: { code: 'gone', message } });
    const go = renderPage('/exports/X1?distributor=D1');
    expect((await screen.findByRole('alert')).textContent).toContain(message);
    expect(screen.getByText(ru.directory.exportGoneHint)).toBeTruthy();
    expect(screen.getByRole('link', { name: ru.directory.toOutlets }).getAttribute('href')).toBe('/outlets');
    expect(go).not.toHaveBeenCalled();
  });

  it('says a missing export is missing, without the expiry hint', async () => {
    answer = () => json(404, { error: { code: 'not_found', message: 'Выгрузки по этой ссылке нет' } });
    const go = renderPage('/exports/X9');
    expect((await screen.findByRole('alert')).textContent).toContain('Выгрузки по этой ссылке нет');
    expect(screen.queryByText(ru.directory.exportGoneHint)).toBeNull();
    expect(asked[0]?.searchParams.has('distributor')).toBe(false);
    expect(go).not.toHaveBeenCalled();
  });
});
