// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ru } from '../../i18n/ru';
import { PreSaleNow } from './Shipments';

let answer: () => Response;
let posts: number;

beforeEach(() => {
  posts = 0;
  fetchMock.mockImplementation(async (req: Request) => {
    if (new URL(req.url).pathname === '/api/shipments/pre-sale' && req.method === 'POST') {
      posts++;
      return answer();
    }
    return json(404, { message: 'Not Found' });
  });
});

function renderButton(waiting: number) {
  renderWithApi(<PreSaleNow waiting={waiting} />);
}

const shipment = (id: string) => ({
  id,
  kind: 'urgent',
  status: 'collected',
  serviceCenterId: 'sc-1',
  orderIds: ['o1'],
  preSale: true,
  createdAt: '2026-12-03T10:00:00Z',
});

describe('PreSaleNow', () => {
  it('is not offered when no pre-sale order waits', () => {
    renderButton(0);
    expect(screen.queryByRole('button', { name: ru.shipments.preSaleNow })).toBeNull();
  });

  it('counts the waiting orders in Russian and lists the shipments the press made', async () => {
    answer = () => json(200, { items: [shipment('sh-1'), shipment('sh-2')] });
    renderButton(3);
    expect(screen.getByText(/Ждут отгрузки: 3 заказа\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: ru.shipments.preSaleNow }));
    expect(await screen.findByText('Создано: 2 срочные отгрузки.')).toBeTruthy();
    const links = screen.getAllByRole('link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/shipments/sh-1', '/shipments/sh-2']);
    expect(posts).toBe(1);
  });

  it("says so when another manager's press took the orders first", async () => {
    answer = () => json(200, { items: [] });
    renderButton(1);
    fireEvent.click(screen.getByRole('button', { name: ru.shipments.preSaleNow }));
    expect(await screen.findByText(ru.shipments.preSaleNone)).toBeTruthy();
  });

  it("shows the API's refusal with what failed", async () => {
    answer = () => json(409, { error: { code: 'conflict', message: 'Отгрузка уже собирается, попробуйте через минуту' } });
    renderButton(1);
    fireEvent.click(screen.getByRole('button', { name: ru.shipments.preSaleNow }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      `${ru.shipments.preSaleFailed} Отгрузка уже собирается, попробуйте через минуту`,
    );
  });
});
