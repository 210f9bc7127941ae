// A key user shapes the outlet directory into a view — sorted by name
// descending, a few columns — saves it, reloads the page, picks the view
// again and exports: the file has exactly the visible columns and rows.
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { baseURL, describeRealAPI, realAPIFile, signedInAs } from './support';
import { readSheet, xlsx } from './xlsx';

const { apiProblem, browser } = await realAPIFile();

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describeRealAPI('a key user saves a directory view and exports it', apiProblem, () => {
  it('sorts, chooses columns, saves the view, reloads, exports exactly what is visible', async () => {
    const w = await signedInAs(browser(), 'key_user');
    const page = w.page;

    // Three outlets of this run, loaded through the page.
    const run = `V${Date.now().toString(36).toUpperCase()}`;
    const rows = [
      [`${run}-1`, 'Бузина', 'ул. Ленина, 1', 'Москва', 'ТТ'],
      [`${run}-2`, 'Вишня', 'ул. Мира, 2', 'Москва', 'ТТ'],
      [`${run}-3`, 'Абрикос', 'пл. Труда, 3', 'Москва', 'Киоск'],
    ];
    await page.getByRole('radio', { name: ru.imports.procedures['outlets-first-load'] }).check();
    await page
      .getByTestId('dropzone')
      .locator('input[type=file]')
      .setInputFiles({ name: `Outlets-${run}.xlsx`, mimeType: xlsxType, buffer: xlsx([['Код ГО', 'Название', 'Адрес', 'Город', 'Подтип'], ...rows]) });
    await page.getByRole('button', { name: ru.imports.start }).click();
    await page.getByText(ru.imports.uploaded).waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('[data-testid=protocols] tr')].some((tr) => tr.textContent?.includes(name) && tr.querySelector('[data-status=succeeded]')),
      `Outlets-${run}.xlsx`,
      { timeout: 45_000 },
    );

    // The view: this run's outlets, by name descending, three columns.
    await page.goto(`${baseURL}/outlets`);
    await page.getByTestId('directory-outlets').waitFor();
    await page.getByLabel(ru.directory.code, { exact: true }).fill(run);
    await page.getByRole('button', { name: ru.queue.apply }).click();
    const table = page.getByTestId('outlets');
    const header = table.locator('th[data-column=name] button');
    await header.click();
    await header.click();
    await page.waitForFunction(() => document.querySelector('th[data-column=name]')?.getAttribute('aria-sort') === 'descending');
    await page.getByTestId('column-chooser').locator('summary').click();
    for (const off of ['city', 'address', 'subtype', 'status', 'localCode', 'changedAt', 'loadSeq']) {
      await page.getByTestId('column-chooser').locator(`input[name=col-${off}]`).uncheck();
    }
    const visible = async () => ({
      head: await table.locator('thead th').allTextContents(),
      body: await Promise.all((await table.locator('tbody tr').all()).map((tr) => tr.locator('td').allTextContents())),
    });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=outlets] tbody tr').length === 3);
    const shown = await visible();
    expect(shown.body.map((r) => r[1])).toEqual(['Вишня', 'Бузина', 'Абрикос']);
    expect(shown.head.map((h) => h.replace(/ [▲▼]$/, ''))).toEqual(['Код ГО', 'Название']);

    const viewName = `Вид ${run}`;
    await page.getByLabel(ru.directory.viewName, { exact: true }).fill(viewName);
    await page.getByRole('button', { name: ru.directory.saveView }).click();
    await page.getByLabel(ru.directory.view, { exact: true }).locator('option', { hasText: viewName }).waitFor({ state: 'attached' });

    // After a reload the page starts plain; picking the view brings it all back.
    await page.reload();
    await page.getByTestId('directory-outlets').waitFor();
    await page.getByLabel(ru.directory.view, { exact: true }).locator('option', { hasText: viewName }).waitFor({ state: 'attached' });
    await page.getByLabel(ru.directory.view, { exact: true }).selectOption({ label: viewName });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=outlets] tbody tr').length === 3);
    await page.waitForFunction(() => document.querySelector('th[data-column=name]')?.getAttribute('aria-sort') === 'descending');
    const again = await visible();
    expect(again).toEqual(shown);

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: ru.queue.export }).click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const sheet = readSheet(readFileSync(path));
    expect(sheet).toEqual([['Код ГО', 'Название'], ...again.body]);
  });
});
