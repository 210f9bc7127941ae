// Issue 14 (deskops), the technician's side against the real API on a phone
// (390 px): the demo centre's admin adds a technician and a work to the price
// list, takes two orders for the technician and one for nobody; the
// technician signs in on a phone, sees exactly their two orders under «Мои
// заказы», opens one, picks the work from the price list (its price copied)
// and moves the order on — with no customer cards and no horizontal scroll.
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { apiToken, baseURL, bearerCall, demoLogin, describeRealAPI, overflowsHorizontally, realAPIFile, screenshot, seriousA11yViolations, signedInPage } from './support';

const { apiProblem, browser } = await realAPIFile();
const t = ru.deskops;

describeRealAPI('the technician on a phone', apiProblem, () => {
  it('sees only their orders, picks a work from the price list and moves the order on', async () => {
    const token = await apiToken(demoLogin('sc-north'));
    const stamp = Date.now().toString(36);

    // The admin's part, through the API: a work in the price list, a technician, three orders.
    const list = await bearerCall<{ works: Array<Record<string, unknown>>; version?: number }>(token, 'GET', '/api/desk/price-list');
    const work = { code: `Н${stamp}`.slice(0, 20), name: `Замена ножа ${stamp}`, price: 850 };
    await bearerCall(token, 'PUT', '/api/desk/price-list', { works: [...list.works, work], version: list.version ?? 0 });
    const tech = { login: `tech-${stamp}`, name: `Мастер ${stamp}`, centreRole: 'technician', password: `tech-password-${stamp}` };
    const made = await bearerCall<{ user: { id: string } }>(token, 'POST', '/api/staff', tech);
    const order = (executorId?: string) =>
      bearerCall<{ id: string; number: string }>(token, 'POST', '/api/desk/repairs', {
        customer: { name: `Клиент ${stamp}`, phones: [`+7 934 ${String(Date.now()).slice(-7)}`] },
        device: { category: 'Газонокосилка', model: 'ГК-1500' },
        complaint: 'Не заводится',
        ...(executorId ? { executorId } : {}),
      });
    const mine = [await order(made.user.id), await order(made.user.id)];
    const notMine = await order();

    const w = await signedInPage(browser(), tech, { viewport: 'phone' });
    const page = w.page;
    await page.getByRole('link', { name: t.myOrders }).click();
    await page.getByTestId('my-repair').first().waitFor();
    const shown = await page.getByTestId('my-repair').allTextContents();
    expect(shown).toHaveLength(2);
    for (const r of mine) expect(shown.some((s) => s.includes(r.number))).toBe(true);
    expect(shown.some((s) => s.includes(notMine.number))).toBe(false);
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'technician-390');

    await page.getByTestId('my-repair').filter({ hasText: mine[0]!.number }).getByRole('link').click();
    await page.getByTestId('repair-page').waitFor();
    expect(await page.getByRole('link', { name: `Клиент ${stamp}` }).count()).toBe(0);
    const line = page.getByTestId('repair-add-line');
    await line.getByLabel(t.fromPriceList).selectOption({ label: `${work.code} · ${work.name} — 850 ₽` });
    expect(await line.getByLabel(ru.desk.lineName).inputValue()).toBe(work.name);
    expect(await line.getByLabel(ru.desk.price).inputValue()).toBe('850');
    await line.getByRole('button', { name: ru.desk.addLine }).click();
    await page.getByTestId('repair-total').filter({ hasText: '850' }).waitFor();
    await page.getByTestId('repair-move').getByLabel(ru.desk.status).selectOption('diagnostics');
    await page.getByTestId('repair-move').getByRole('button', { name: ru.desk.move }).click();
    await page.getByTestId('repair-status').filter({ hasText: 'Диагностика' }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'technician-order-390');
    expect(w.cspViolations).toEqual([]);
  });

  it('lets the centre admin keep the staff and the price list, and shows an order its act', async () => {
    const centre = demoLogin('sc-north');
    const w = await signedInPage(browser(), centre);
    const page = w.page;
    const stamp = Date.now().toString(36);

    await page.getByRole('link', { name: t.staff }).click();
    const add = page.getByTestId('staff-add');
    await add.getByLabel(t.fullName).fill(`Приёмщик ${stamp}`);
    await add.getByLabel(t.login).fill(`rec-${stamp}`);
    await add.getByLabel(t.role).selectOption('reception');
    await add.getByRole('button', { name: t.addStaff }).click();
    await page.getByRole('status').filter({ hasText: `rec-${stamp}: ` }).waitFor();
    const row = page.getByTestId('staff-row').filter({ hasText: `rec-${stamp}` });
    await row.getByRole('button', { name: t.block }).click();
    await row.getByText(t.blocked).waitFor();
    // The admin cannot block themselves: their own row offers no «Заблокировать».
    expect(await page.getByTestId('staff-row').filter({ hasText: 'sc-north' }).getByRole('button', { name: t.block }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-1366');

    await page.getByRole('link', { name: t.priceList }).click();
    await page.getByTestId('price-list-editor').waitFor();
    const before = await page.getByTestId('price-work').count();
    await page.getByRole('button', { name: t.addWork }).click();
    await page.getByLabel(`${t.workName} ${before + 1}`).fill(`Заточка ножа ${stamp}`);
    await page.getByLabel(`${t.price} ${before + 1}`).fill('400,50');
    await page.getByRole('button', { name: t.save }).click();
    await page.getByRole('status').filter({ hasText: t.saved }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'price-list-1366');

    // An act filed from an order shows on the order instead of «Оформить гарантийный акт».
    const token = await apiToken(centre);
    const order = await bearerCall<{ id: string }>(token, 'POST', '/api/desk/repairs', {
      customer: { name: `Клиент ${stamp}`, phones: [`+7 934 ${String(Date.now()).slice(-7)}`] },
      device: { category: 'Газонокосилка', model: 'ГК-1500' },
      complaint: 'Не заводится',
    });
    await bearerCall(token, 'POST', `/api/acts?repair=${order.id}`, { category: 'Газонокосилка', article: 'ГК-1500', parts: [{ name: 'Нож', quantity: 1 }] });
    await page.goto(`${baseURL}/desk/repairs/${order.id}`);
    await page.getByTestId('repair-act').waitFor();
    expect(await page.getByTestId('repair-act-status').textContent()).toBe('Черновик');
    expect(await page.getByTestId('repair-open-act').count()).toBe(0);

    // The front desk assigns the order; the history says to whom.
    const me = await bearerCall<{ user: { id: string; name: string } }>(token, 'GET', '/api/me');
    await page.getByTestId('repair-executor').selectOption(me.user.id);
    await page.getByText(`Исполнитель: ${me.user.name}`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'repair-act-1366');
    expect(w.cspViolations).toEqual([]);
  });
});
