// Acts made through the API from inside a signed-in page, so a browser test
// can start where it means to look (shared by the act and account tests).
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Calls the API from inside `page` (its session cookie), failing the test on an answer that is not 2xx. */
export async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p as string, { method: m as string, headers: { 'Content-Type': 'application/json' }, ...(b === undefined ? {} : { body: JSON.stringify(b) }) });
      return { status: res.status, text: await res.text() };
    },
    [method, path, body] as const,
  );
  expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
  return (r.text ? JSON.parse(r.text) : null) as T;
}

/** The seed act filed through the API and in review (the system's photo request answered); `pre_sale` files it as pre-sale. */
export async function seedActSubmitted(centre: Page, appearance: 'used' | 'pre_sale' = 'used'): Promise<{ actId: string; version: number; number: string }> {
  const act = await apiCall<{ id: string; version: number }>(centre, 'POST', '/api/acts', {
    category: 'Бензиновая газонокосилка на колесах',
    article: 'ЭГК-1500 Энергопром',
    serialNumber: '01.234.09274',
    complaint: 'Не работает',
    appearance,
    saleDate: '2023-06-01',
    acceptedDate: '2023-06-15',
    completeness: 'partial',
    warrantyCard: true,
    mechanic: 'Иванов Иван',
    diagnosis: 'Коленвал вышел из строя из-за попадания воды в цилиндр, вызвавшей гидроудар',
    conclusion: 'Для ремонта потребуется заменить ЦПГ, коленвал',
    warrantyCase: true,
    parts: [
      { name: 'Коленвал', quantity: 1, ownPart: true, price: 780 },
      { name: 'Свеча зажигания', quantity: 1, ownPart: false },
    ],
    customerName: 'Иванович Дмитрий',
    customerPhone: '+79347341234',
    sellerOrganization: 'ООО Планета радости',
    complexity: 2,
    productState: 'left_at_service_center',
  });
  let now = await apiCall<{ status: string; version: number; number: string }>(centre, 'POST', `/api/acts/${act.id}/actions`, { action: 'submit', version: act.version });
  // Without photos the system asks for them; the centre's answer puts the act back in review.
  if (now.status === 'info_requested') {
    await apiCall(centre, 'POST', `/api/acts/${act.id}/comments`, { text: 'Фото пришлём с курьером' });
    now = await apiCall(centre, 'GET', `/api/acts/${act.id}`);
  }
  expect(now.status).toBe('submitted');
  return { actId: act.id, version: now.version, number: now.number };
}
