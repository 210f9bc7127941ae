// Issue 14's walk at the front desk, as far as it is built, against the real
// API: the demo centre's walk-in customer found by «7341234», a mower
// registered and taken in, moved to «Готов», paid and handed over; then the
// same mower's second visit found by its serial, with the first order in its
// history, and a warranty act opened from that order with its fields
// pre-filled. The desk fits a 1366 px screen and the order list a phone.
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { petrovsNewOrder, takeIn } from './frontDesk';
import { baseURL, demoLogin, describeRealAPI, overflowsHorizontally, realAPIFile, screenshot, seriousA11yViolations, signedInPage } from './support';

const { apiProblem, browser } = await realAPIFile();
const t = ru.desk;

describeRealAPI('the front desk', apiProblem, () => {
  it('takes a walk-in mower in, hands it over paid, and finds it again by its serial', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'));
    const page = w.page;
    const serial = `MW-${Date.now()}`;
    const form = await petrovsNewOrder(page, { model: 'ГК-1500', serial: serial.toLowerCase() });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'desk-1366');
    await takeIn(form);
    const first = page.url();
    await page.getByTestId('repair-move').getByLabel(t.status).selectOption('ready');
    await page.getByTestId('repair-move').getByRole('button', { name: t.move }).click();
    await page.getByTestId('repair-status').filter({ hasText: 'Готов' }).waitFor();
    const line = page.getByTestId('repair-add-line');
    await line.getByLabel(t.lineName).fill('Чистка карбюратора');
    await line.getByLabel(t.price).fill('1500');
    await line.getByRole('button', { name: t.addLine }).click();
    await page.getByTestId('repair-balance').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('repair-pay').getByRole('button', { name: t.takePayment }).click();
    await page.getByTestId('repair-balance').filter({ hasText: /^0/ }).waitFor();
    await page.getByTestId('repair-move').getByLabel(t.status).selectOption('handed_over');
    await page.getByTestId('repair-move').getByRole('button', { name: t.move }).click();
    await page.getByTestId('repair-status').filter({ hasText: 'Выдан' }).waitFor();

    // The second visit: the serial finds the unit, the order takes it as it is.
    await page.goto(`${baseURL}/desk`);
    await page.getByTestId('desk-search').fill(serial.slice(0, 8));
    const mower = page.getByTestId('desk-device').filter({ hasText: serial });
    await mower.waitFor();
    await mower.click();
    await form.getByLabel(t.complaint).fill('Снова не заводится');
    await form.getByRole('button', { name: t.take }).click();
    await page.getByTestId('repair-page').waitFor();
    expect(page.url()).not.toBe(first);
    const second = page.url();
    const number = (await page.getByRole('heading', { level: 1 }).textContent())!.split(' — ')[0];
    await page.getByRole('link', { name: /Газонокосилка/ }).first().click();
    await page.getByTestId('device-page').waitFor();
    expect(await page.getByTestId('device-serial').textContent()).toBe(serial);
    await page.getByTestId('repair-row').nth(1).waitFor();
    expect(await page.getByTestId('repair-row').count()).toBe(2);

    // Warranty from the front desk: the act opens with what the desk already knows.
    await page.goto(second);
    await page.getByTestId('repair-open-act').click();
    await page.locator('#f-article').waitFor();
    const value = (id: string) => page.locator(`#f-${id}`).inputValue();
    expect(await value('category')).toBe('Газонокосилка');
    expect(await value('article')).toBe('ГК-1500');
    expect(await value('serialNumber')).toBe(serial);
    expect(await value('complaint')).toBe('Снова не заводится');
    expect(await value('acceptedDate')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    const act = page.url();
    await page.goto(`${act}&step=2`);
    await page.locator('#f-internalNumber').waitFor();
    expect(await value('internalNumber')).toBe(number);
    await page.goto(`${act}&step=4`);
    await page.locator('#f-customerName').waitFor();
    expect(await value('customerName')).toBe('Петров Иван Сергеевич');
    expect(await value('customerPhone')).toMatch(/7341234$|73-41-234|734-12-34/);
    expect(w.cspViolations).toEqual([]);
  });

  it('shows the open orders on a phone without horizontal scrolling', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'), { viewport: 'phone' });
    await w.page.goto(`${baseURL}/desk`);
    await w.page.getByTestId('repair-row').first().waitFor();
    expect(await overflowsHorizontally(w.page)).toBe(false);
    await screenshot(w.page, 'desk-390');
  });
});
