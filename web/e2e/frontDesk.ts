// The front desk's first step, shared by the desk, messages and documents
// tests: the demo centre's walk-in customer Петров (who consented to SMS and
// e-mail) found by «7341234», and a mower of his on the new-order form.
import type { Locator, Page } from 'playwright-core';
import { ru } from '../src/i18n/ru';
import { baseURL } from './support';

/** Opens the desk on a signed-in centre's page, picks Петров and fills the new-order form; returns the form, not yet sent. */
export async function petrovsNewOrder(page: Page, device: { model: string; serial?: string }): Promise<Locator> {
  await page.goto(`${baseURL}/desk`);
  await page.getByTestId('desk-search').fill('7341234');
  const petrov = page.getByTestId('desk-customer').filter({ hasText: 'Петров Иван Сергеевич' });
  await petrov.waitFor();
  await petrov.click();
  const form = page.getByTestId('desk-new-order');
  await form.getByLabel(ru.desk.category).fill('Газонокосилка');
  await form.getByLabel(ru.desk.model).fill(device.model);
  if (device.serial !== undefined) await form.getByLabel(ru.desk.serial).fill(device.serial);
  await form.getByLabel(ru.desk.complaint).fill('Не заводится');
  return form;
}

/** Sends the new-order form and waits for the order's page. */
export async function takeIn(form: Locator): Promise<void> {
  await form.getByRole('button', { name: ru.desk.take }).click();
  await form.page().getByTestId('repair-page').waitFor();
}
