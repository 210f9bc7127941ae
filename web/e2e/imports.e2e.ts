// A key user loads an Outlets file with row errors, reads the failed protocol
// and downloads its error report, then loads the corrected file. The
// workbooks are built here (e2e/xlsx.ts) with codes unique to the run, so the
// first-load procedure never meets a code an earlier run created.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ru } from '../src/i18n/ru';
import { baseURL, describeRealAPI, realAPIFile, screenshot, seriousA11yViolations, signedInAs } from './support';
import { xlsx } from './xlsx';

const { apiProblem, browser } = await realAPIFile();

const header = ['Код ГО', 'Название', 'Адрес', 'Город', 'Подтип'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Uploads a workbook for first load and opens its protocol once it has left processing. */
async function load(page: Page, name: string, rows: string[][]) {
  await page.goto(`${baseURL}/`);
  await page.getByTestId('home-key_user').waitFor();
  await page.getByRole('radio', { name: ru.imports.procedures['outlets-first-load'] }).check();
  await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles({ name, mimeType: xlsxType, buffer: xlsx([header, ...rows]) });
  await page.getByRole('button', { name: ru.imports.start }).click();
  await page.getByText(ru.imports.uploaded).waitFor({ timeout: 30_000 });
  const link = page.getByTestId('protocols').getByRole('link', { name });
  await link.first().waitFor({ timeout: 30_000 });
  await link.first().click();
  await page.getByTestId('protocol-page').waitFor();
  const badge = page.locator('.page-head [data-status]');
  await page.waitForFunction(() => document.querySelector('.page-head [data-status]')?.getAttribute('data-status') !== 'processing', null, { timeout: 45_000 });
  return badge.getAttribute('data-status');
}

describeRealAPI('a key user loads outlets', apiProblem, () => {
  it('sees row errors in a failed load, downloads the error report, then loads the corrected file', async () => {
    const w = await signedInAs(browser(), 'key_user');
    const page = w.page;

    // A file named for another procedure: the API's reason is shown under the file, not «Проверьте заполнение полей».
    w.expect4xx({ status: 400, path: '/api/imports' });
    await page.getByRole('radio', { name: ru.imports.procedures['outlets-first-load'] }).check();
    await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles({ name: 'Routes-wrong.xlsx', mimeType: xlsxType, buffer: xlsx([header]) });
    await page.getByRole('button', { name: ru.imports.start }).click();
    const refusal = page.locator('.field-error[role=alert]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Outlets\*\.xlsx/);
    expect(await page.getByText('Проверьте заполнение полей').count()).toBe(0);

    const run = Date.now().toString(36).toUpperCase();
    const a = `E2E-${run}-A`;
    const b = `E2E-${run}-B`;
    // A code with a space and «!», and a row without its city.
    const status = await load(page, `Outlets-errors-${run}.xlsx`, [
      ['bad code!', 'Магазин у дома', 'ул. Ленина, 1', 'Москва', 'ТТ'],
      [b, 'Киоск на площади', 'пл. Мира, 2', '', 'Киоск'],
    ]);
    expect(status).toBe('failed_validation');
    const errors = page.getByTestId('protocol-errors');
    await errors.waitFor();
    expect(await errors.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await errors.textContent()).toContain('bad code!');
    const found = await seriousA11yViolations(page);
    expect(found, 'axe-core on the failed protocol').toEqual([]);
    await screenshot(page, 'key_user-protocol-failed-1366');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: ru.imports.report }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/i);

    // The corrected file loads.
    const fixed = await load(page, `Outlets-fixed-${run}.xlsx`, [
      [a, 'Магазин у дома', 'ул. Ленина, 1', 'Москва', 'ТТ'],
      [b, 'Киоск на площади', 'пл. Мира, 2', 'Москва', 'Киоск'],
    ]);
    expect(fixed).toBe('succeeded');
    expect(await page.getByText(ru.imports.noErrors).count()).toBe(1);
    await screenshot(page, 'key_user-protocol-succeeded-1366');
  });
});
