// Issue 15's documents at the front desk, against the real API: an order's
// intake receipt downloaded (a PDF), its completion certificate opened in a
// new tab to print, and e-mailed to a typed address — the order's history
// then says so. The act page offers the warranty act's PDF.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { petrovsNewOrder, takeIn } from './frontDesk';
import { baseURL, demoAccount, demoLogin, describeRealAPI, realAPIFile, seriousA11yViolations, screenshot, signedInPage } from './support';

const { apiProblem, browser } = await realAPIFile();
const d = ru.documents;

describeRealAPI('printed documents', apiProblem, () => {
  it('downloads, prints and e-mails a repair order’s documents', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'));
    const page = w.page;
    await takeIn(await petrovsNewOrder(page, { model: 'ГК-1500' }));

    const docs = page.getByTestId('documents');
    const receipt = docs.getByTestId('document-receipt');
    const [download] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('button', { name: d.download }).click()]);
    expect(download.suggestedFilename()).toMatch(/^receipt-.+\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const completion = docs.getByTestId('document-completion');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), completion.getByRole('button', { name: d.print }).click()]);
    await tab.waitForURL(/^blob:/);
    await tab.close();

    const to = `documents-${Date.now()}@example.com`;
    await docs.getByLabel(d.to).fill(to);
    await completion.getByRole('button', { name: d.email }).click();
    await docs.getByRole('status').filter({ hasText: `отправлен на ${to}` }).waitFor();
    await page.locator('.history li').filter({ hasText: `Документ «${d.completion}» отправлен на ${to}` }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'repair-documents');
    expect(w.cspViolations).toEqual([]);
  });

  it('downloads the warranty act as a PDF and e-mails it, which its timeline records', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'));
    const page = w.page;
    // A draft is enough: its document says «черновик» and lists what is filled in.
    const id = await page.evaluate(async () => {
      const res = await fetch('/api/acts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ complaint: 'Не заводится' }) });
      return ((await res.json()) as { id: string }).id;
    });
    await page.goto(`${baseURL}/acts/${id}`);
    await page.getByTestId('act-page').waitFor();
    const docs = page.getByTestId('documents');
    const [download] = await Promise.all([page.waitForEvent('download'), docs.getByRole('button', { name: d.download }).click()]);
    expect(download.suggestedFilename()).toMatch(/^act-.+\.pdf$/);
    expect((await readFile((await download.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
    const to = `act-archive-${Date.now()}@example.com`;
    await docs.getByLabel(d.to).fill(to);
    await docs.getByRole('button', { name: d.email }).click();
    await docs.getByRole('status').filter({ hasText: `отправлен на ${to}` }).waitFor();
    await page.getByText(`Гарантийный акт отправлен на ${to}`).waitFor();
    expect(w.cspViolations).toEqual([]);
  });

  it('gives a centre its monthly compensation statement and a manager any centre’s', async () => {
    const manager = demoAccount('manager');
    for (const [who, path] of [
      [demoLogin('sc-north'), '/'],
      [manager, '/shipments'],
    ] as const) {
      const w = await signedInPage(browser(), who);
      const page = w.page;
      await page.goto(`${baseURL}${path}`);
      const statement = page.getByTestId('compensation-statement');
      if (who === manager) await statement.getByLabel(d.centre).selectOption({ index: 1 });
      const [download] = await Promise.all([page.waitForEvent('download'), statement.getByRole('button', { name: d.download }).click()]);
      expect(download.suggestedFilename()).toMatch(/^compensation-\d{4}-\d{2}\.pdf$/);
      expect((await readFile((await download.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
      expect(w.cspViolations).toEqual([]);
    }
  });
});
