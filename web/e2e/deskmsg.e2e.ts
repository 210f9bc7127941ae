// Issue 14's messages to customers in a browser against the real API: an
// order of the demo centre's Петров (who consented to SMS and e-mail) moved
// to «Готов» lists its SMS and e-mail as sent; both are on the local mail
// page, where moto recorded them; the order's status link opens on a phone
// without a login; and the templates page refuses a placeholder it does not
// know.
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { petrovsNewOrder, takeIn } from './frontDesk';
import { baseURL, demoLogin, describeRealAPI, openPage, overflowsHorizontally, realAPIFile, screenshot, seriousA11yViolations, signedInPage } from './support';

const { apiProblem, browser } = await realAPIFile();
const t = ru.desk;
const m = ru.deskmsg;

describeRealAPI('messages to customers', apiProblem, () => {
  it('texts and mails the customer when the order is ready, and the status link opens without a login', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'));
    const page = w.page;
    const model = `ГК-${Date.now() % 1_000_000}`;
    await takeIn(await petrovsNewOrder(page, { model }));
    const number = (await page.getByRole('heading', { level: 1 }).textContent())!.split(' — ')[0];

    await page.getByTestId('repair-move').getByLabel(t.status).selectOption('ready');
    await page.getByTestId('repair-move').getByRole('button', { name: t.move }).click();
    await page.getByTestId('repair-status').filter({ hasText: 'Готов' }).waitFor();
    const sent = page.locator('[data-testid="repair-message"][data-state="sent"]');
    // Принят and Готов, each by SMS and by e-mail.
    await expect.poll(() => sent.count(), { timeout: 10_000 }).toBe(4);
    const readySMS = sent.filter({ hasText: `Газонокосилка ${model}` }).filter({ hasText: 'готово, можно забирать' }).first();
    await readySMS.waitFor();
    expect(await readySMS.getAttribute('data-channel')).toBe('sms');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'repair-messages-1366');
    const link = await page.getByTestId('repair-status-link').getAttribute('href');
    expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{27}$/);

    // Locally the SMS and the e-mail are where e-mails always were.
    await page.goto(`${baseURL}/_local/mail`);
    await page.locator('article.sms').filter({ hasText: `Газонокосилка ${model} готово, можно забирать` }).first().waitFor();
    await page.locator('article').filter({ hasText: `Заказ ${number}: Готов (можно забирать)` }).first().waitFor();

    // The customer opens the link on a phone, signed in nowhere.
    const phone = await openPage(browser(), 'phone');
    await phone.page.goto(link!);
    await phone.page.getByTestId('public-status').filter({ hasText: 'Готов (можно забирать)' }).waitFor();
    await phone.page.getByText(number!).waitFor();
    expect(await phone.page.getByText(/₽/).count(), 'no prices on the public page').toBe(0);
    expect(await overflowsHorizontally(phone.page)).toBe(false);
    expect(await seriousA11yViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, 'public-status-390');
    expect(w.cspViolations).toEqual([]);
    expect(phone.cspViolations).toEqual([]);

    // A link nobody was given says so, in Russian.
    const unknown = await openPage(browser(), 'phone', [{ status: 404, path: /^\/api\/public\/status\// }]);
    await unknown.page.goto(`${baseURL}/s/${'A'.repeat(27)}`);
    await unknown.page.getByRole('alert').filter({ hasText: /[А-Яа-я]/ }).waitFor();
  });

  it('shows the templates with a sample and an SMS length, and refuses an unknown placeholder', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'), { expected: [{ status: 400, path: '/api/desk/message-templates' }] });
    await w.page.goto(`${baseURL}/desk/messages`);
    const ready = w.page.getByRole('region', { name: `${m.events['status:ready']} — SMS` });
    await ready.waitFor();
    await expect.poll(() => ready.getByTestId('message-preview').textContent()).toMatch(/\d+ симв\., \d+ SMS/);
    await ready.getByLabel(m.templateText).fill('{центр}: готово, {сумма}');
    await w.page.getByRole('button', { name: m.save }).click();
    await w.page.getByText('Неизвестная подстановка {сумма}').first().waitFor();
    expect(await seriousA11yViolations(w.page)).toEqual([]);
  });

  it('shows the demo centre’s requisites for its documents on a phone and refuses a wrong INN in Russian', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'), { viewport: 'phone', expected: [{ status: 400, path: '/api/desk/message-templates' }] });
    await w.page.goto(`${baseURL}/desk/messages`);
    const requisites = w.page.getByRole('group', { name: m.requisites });
    await requisites.waitFor();
    // The demo seed's СЦ «Север» (infra/localrun/demo_desk.go).
    expect(await requisites.getByLabel(m.legalName).inputValue()).toBe('ООО «Север-Сервис»');
    const inn = requisites.getByLabel(/^ИНН/);
    expect(await inn.inputValue()).toBe('7812345675');
    expect(await overflowsHorizontally(w.page), 'the page scrolls sideways at 390 px').toBe(false);
    await inn.fill('7812345676');
    await w.page.getByRole('button', { name: m.save }).click();
    await requisites.getByText('неверная контрольная сумма ИНН').waitFor();
    expect(await inn.getAttribute('aria-invalid')).toBe('true');
    await screenshot(w.page, 'desk-requisites-390');
    expect(await seriousA11yViolations(w.page)).toEqual([]);
  });
});
