// The seed's example act filed by a service centre through the four steps,
// against the real API: a photo left out, the information request, the
// centre's answer with the photo, the manager's approval. Also: a reload in
// the middle of step 3 loses nothing typed, axe-core on every screen, and
// screenshots of each role's main screens.
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ru } from '../src/i18n/ru';
import { png } from './images';
import {
  baseURL,
  describeRealAPI,
  overflowsHorizontally,
  realAPIFile,
  screenshot,
  seriousA11yViolations,
  signedInAs,
  viewports,
  type DemoRole,
  type ViewportName,
} from './support';
import { apiCall, seedActSubmitted } from './actsApi';

const { apiProblem, browser } = await realAPIFile();

async function axeClean(page: Page, where: string) {
  const found = await seriousA11yViolations(page);
  expect(found, `axe-core on ${where}`).toEqual([]);
}

const label = (page: Page, text: string) => page.getByLabel(text, { exact: true });

/** Waits until the act's files list shows a file of `kind` attached. */
async function attached(page: Page, kind: string) {
  await page.locator(`[data-testid="act-files"] li[data-kind="${kind}"][data-status="attached"]`).first().waitFor({ timeout: 30_000 });
}

/** Reloads the page until `target` shows: orders and acts may settle a moment after the answer. */
async function untilVisible(page: Page, target: Locator, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      await target.waitFor({ timeout: 2_000 });
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await page.reload();
    }
  }
}

describeRealAPI('a service centre files the seed example act', apiProblem, () => {
  it('goes through the four steps, survives a reload in step 3, answers the request for the missing photo, and the manager approves', async () => {
    const sc = await signedInAs(browser(), 'service_center');
    const page = sc.page;
    await axeClean(page, 'the centre acts list');
    await page.getByRole('link', { name: ru.acts.newAct }).first().click();

    // Step 1 — product, as on the seed's first page.
    await page.getByRole('heading', { name: ru.form.stepOf(1, 4, ru.form.steps[0] as string) }).waitFor();
    await axeClean(page, 'form step 1');
    // What submission needs is marked, for the eye and for a screen reader; what it does not, is not.
    expect(await label(page, ru.form.article).getAttribute('aria-required')).toBe('true');
    expect(await page.getByRole('radiogroup', { name: ru.form.appearance }).getAttribute('aria-required')).toBe('true');
    expect(await page.locator('label[for="f-article"] .required-mark').count()).toBe(1);
    await label(page, ru.form.category).selectOption({ label: 'Бензиновая газонокосилка на колесах' });
    await label(page, ru.form.article).fill('ЭГК-1500 Энергопром');
    await label(page, ru.form.serial).fill('01.234.09274');
    await label(page, ru.form.complaint).fill('Не работает');
    await page.getByRole('radio', { name: 'Б/У' }).check();
    // Dates as the seed writes them, whatever the browser's language; a two-digit year is expanded in sight.
    await label(page, ru.form.saleDate).fill('01.06.23');
    await label(page, ru.form.acceptedDate).fill('15.06.2023');
    await label(page, ru.form.acceptedDate).press('Tab');
    expect(await label(page, ru.form.saleDate).inputValue()).toBe('01.06.2023');
    // Nonsense is said at once and not sent; the field keeps what was typed.
    await label(page, ru.form.acceptedDate).fill('31.02.2023');
    await page.locator('#e-acceptedDate', { hasText: ru.form.dateFormat }).waitFor();
    // Named in the banner with its step, and the step marked, before any save.
    expect(await page.getByTestId('form-fields-problem').textContent()).toContain(ru.form.fieldOnStep(ru.form.acceptedDate, 1));
    expect(await page.getByTestId('step-1').getAttribute('data-error')).toBe('true');
    await label(page, ru.form.acceptedDate).fill('15.06.2023');
    await page.getByRole('radio', { name: 'Не полная' }).check();
    await page.getByRole('radiogroup', { name: ru.form.warrantyCard }).getByRole('radio', { name: ru.form.yes }).check();
    await page.getByRole('button', { name: ru.form.next }).click();

    // Step 2 — diagnostics. The first save created the draft: the address names it now.
    await page.getByRole('heading', { name: ru.form.stepOf(2, 4, ru.form.steps[1] as string) }).waitFor();
    await page.waitForURL(/\/acts\/[^/]+\/edit\?step=2$/);
    await axeClean(page, 'form step 2');
    expect(await label(page, ru.form.internalNumber).getAttribute('aria-required')).toBeNull();
    // The browser's Back goes one step back (not out of the form, not to an empty new act), Forward returns.
    await page.goBack();
    await page.getByRole('heading', { name: ru.form.stepOf(1, 4, ru.form.steps[0] as string) }).waitFor();
    expect(await label(page, ru.form.article).inputValue()).toBe('ЭГК-1500 Энергопром');
    await page.goForward();
    await page.getByRole('heading', { name: ru.form.stepOf(2, 4, ru.form.steps[1] as string) }).waitFor();
    // The seed's number, made unique per run: a centre's internal numbers may not repeat, and the server may keep earlier runs' acts.
    await label(page, ru.form.internalNumber).fill(`12833-во-31-${Date.now().toString(36)}`);
    await label(page, ru.form.mechanic).fill('Иванов Иван');
    await label(page, ru.form.diagnosis).fill('Коленвал вышел из строя из-за попадания воды в цилиндр, вызвавшей гидроудар');
    await label(page, ru.form.conclusion).fill('Для ремонта потребуется заменить ЦПГ, коленвал');
    await label(page, ru.form.warrantyCase).check();
    await page.getByRole('button', { name: ru.form.next }).click();

    // Step 3 — two own parts with prices; then a reload before anything could reach the server.
    await page.getByRole('heading', { name: ru.form.stepOf(3, 4, ru.form.steps[2] as string) }).waitFor();
    await page.getByRole('button', { name: ru.form.addPart }).click();
    await page.getByRole('button', { name: ru.form.addPart }).click();
    const rows = page.getByTestId('part-row');
    const fillRow = async (i: number, name: string, price: string) => {
      const row = rows.nth(i);
      await row.getByLabel(ru.form.partName, { exact: true }).fill(name);
      await row.getByLabel(ru.form.partQty, { exact: true }).fill('1');
      await row.getByLabel(ru.form.partOwn, { exact: true }).check();
      await row.getByLabel(ru.form.partPrice, { exact: true }).fill(price);
    };
    await fillRow(0, 'Коленвал', '780');
    await fillRow(1, 'ЦПГ', '340');
    // A part the wholesaler ships (not the centre's own): the approval orders it, so a shipment carries it.
    await page.getByRole('button', { name: ru.form.addPart }).click();
    await rows.nth(2).getByLabel(ru.form.partName, { exact: true }).fill('Свеча зажигания');
    await rows.nth(2).getByLabel(ru.form.partQty, { exact: true }).fill('1');
    await axeClean(page, 'form step 3');
    await page.reload();
    await page.getByRole('heading', { name: ru.form.stepOf(3, 4, ru.form.steps[2] as string) }).waitFor();
    const restoredNotice = page.getByText(ru.form.restored);
    await restoredNotice.waitFor();
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(2).getByLabel(ru.form.partName, { exact: true }).inputValue()).toBe('Свеча зажигания');
    expect(await rows.nth(2).getByLabel(ru.form.partOwn, { exact: true }).isChecked()).toBe(false);
    expect(await rows.nth(0).getByLabel(ru.form.partName, { exact: true }).inputValue()).toBe('Коленвал');
    expect(await rows.nth(0).getByLabel(ru.form.partPrice, { exact: true }).inputValue()).toBe('780');
    expect(await rows.nth(1).getByLabel(ru.form.partName, { exact: true }).inputValue()).toBe('ЦПГ');
    expect(await rows.nth(1).getByLabel(ru.form.partPrice, { exact: true }).inputValue()).toBe('340');
    expect(await rows.nth(1).getByLabel(ru.form.partOwn, { exact: true }).isChecked()).toBe(true);
    // Nothing but the form is kept in the browser: no session token.
    const cookie = (await sc.context.cookies()).find((c) => c.name === 'session')?.value ?? '\u0000';
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(cookie);
    await page.getByRole('button', { name: ru.form.next }).click();

    // Step 4 — customer and photos; the photo of the needed part is left out.
    await page.getByRole('heading', { name: ru.form.stepOf(4, 4, ru.form.steps[3] as string) }).waitFor();
    // What was restored is saved now: the notice has gone.
    expect(await restoredNotice.count()).toBe(0);
    await label(page, ru.form.customerName).fill('Иванович Дмитрий');
    await label(page, ru.form.customerPhone).fill('89347341234');
    await page.getByText(ru.form.phoneShown('+7 934 734-12-34')).waitFor();
    await label(page, ru.form.seller).fill('ООО Планета радости');
    await page.getByRole('radiogroup', { name: ru.form.complexity }).getByRole('radio', { name: '2' }).check();
    await page.getByRole('radio', { name: 'Оставлено в СЦ' }).check();
    await label(page, ru.form.repairEndDate).fill('15.06.2023');
    await page.getByRole('button', { name: ru.form.save }).click();
    await page.getByTestId('save-state').filter({ hasText: /\d\d:\d\d/ }).waitFor();
    for (const kind of ['nameplate', 'warranty_card_or_receipt', 'defect']) {
      await page.getByTestId(`upload-${kind}`).locator('input[type=file]').setInputFiles({ name: `${kind}.png`, mimeType: 'image/png', buffer: png() });
      await attached(page, kind);
    }
    // A file over 8 MB is refused before a byte is sent.
    await page.getByTestId('upload-other').locator('input[type=file]').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(8 * 1024 * 1024 + 1) });
    await page.getByTestId('upload-other').getByRole('alert').filter({ hasText: ru.files.tooLarge }).waitFor();
    await axeClean(page, 'form step 4');
    await screenshot(page, 'act-form-step4-1366');
    await page.getByRole('button', { name: ru.form.submit }).click();

    // The act page: the missing photo is asked for (by the system, or by the manager below).
    await page.getByTestId('act-page').waitFor();
    const actUrl = page.url().replace(/\?.*$/, '');
    const number = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').replace(/^Акт /, '');
    expect(number).toMatch(/^\d{4}-\d+$/);
    const parts = page.getByTestId('act-parts');
    expect(await parts.textContent()).toContain('780,00');
    expect(await parts.textContent()).toContain('340,00');
    expect(await page.getByTestId('act-facts').textContent()).toContain('+7 934 734-12-34');
    expect(await page.getByTestId('act-facts').textContent()).toContain('01.06.2023');

    const mgr = await signedInAs(browser(), 'manager');
    let status = (await page.locator('.page-head .badge').textContent()) ?? '';
    if (status === ru.status.submitted) {
      // No automatic request: the manager asks for the photo from the queue.
      await mgr.page.getByRole('link', { name: ru.acts.open(number) }).click();
      await mgr.page.getByRole('button', { name: ru.actions.request_info }).click();
      await label(mgr.page, ru.actions.requestLabel).fill('Приложите фото необходимой запчасти');
      await mgr.page.getByRole('button', { name: `${ru.actions.confirm}: ${ru.actions.request_info}` }).click();
      await mgr.page.locator('.page-head .badge', { hasText: ru.status.info_requested }).waitFor();
      await page.reload();
    }
    await page.getByTestId('info-requests').waitFor();
    status = (await page.locator('.page-head .badge').textContent()) ?? '';
    expect(status).toBe(ru.status.info_requested);
    expect(await page.getByTestId('next-step').textContent()).toBe(ru.nextStep.info_requested);
    await axeClean(page, 'the centre act page with a request');
    await screenshot(page, 'act-page-info-requested-1366');

    // The centre answers with the photo of the part.
    await label(page, ru.act.attachKind).selectOption('part');
    await page.getByTestId('reply-upload').locator('input[type=file]').setInputFiles({ name: 'part.png', mimeType: 'image/png', buffer: png(16, 16, [20, 90, 160]) });
    await page.getByText('1 ✓').waitFor();
    await label(page, ru.act.replyLabel).fill('Фото запчасти приложено');
    await page.getByRole('button', { name: ru.act.send, exact: true }).click();
    await page.locator('.page-head .badge', { hasText: ru.status.submitted }).waitFor();
    await attached(page, 'part');

    // The manager finds it in the queue and approves.
    await mgr.page.goto(`${baseURL}/`);
    await mgr.page.getByTestId('acts-list').waitFor();
    await axeClean(mgr.page, 'the manager queue');
    await screenshot(mgr.page, 'manager-queue-1366');
    await mgr.page.getByRole('link', { name: ru.acts.open(number) }).click();
    await mgr.page.getByTestId('act-page').waitFor();
    expect(await mgr.page.getByTestId('act-comments').textContent()).toContain('Фото запчасти приложено');
    // The manager reads the manager's next step, not the centre's «Ждите решения менеджера».
    expect(await mgr.page.getByTestId('next-step').textContent()).toBe(ru.nextStepStaff.submitted);
    await axeClean(mgr.page, 'the manager act page');
    await mgr.page.getByRole('button', { name: ru.actions.approve }).click();
    await mgr.page.getByRole('button', { name: `${ru.actions.confirm}: ${ru.actions.approve}` }).click();
    await mgr.page.locator('.page-head .badge', { hasText: ru.status.approved }).waitFor();
    await screenshot(mgr.page, 'manager-act-approved-1366');

    // The centre sees the decision.
    await page.goto(actUrl);
    await page.locator('.page-head .badge', { hasText: ru.status.approved }).waitFor();

    // The manager ships the ordered spark plug at once: an urgent shipment of the act's order.
    await mgr.page.getByRole('link', { name: ru.nav.shipments }).click();
    await mgr.page.getByTestId('shipments-page').waitFor();
    const orderBox = mgr.page.getByRole('checkbox', { name: new RegExp(`^Акт ${number} —`) });
    await untilVisible(mgr.page, orderBox);
    await axeClean(mgr.page, 'the manager shipments screen');
    await screenshot(mgr.page, 'manager-shipments-awaiting-1366');
    await orderBox.check();
    await mgr.page.getByTestId('centre-orders').filter({ has: orderBox }).getByRole('button', { name: ru.shipments.urgent }).click();
    await mgr.page.getByTestId('shipment-page').waitFor();
    const shipmentUrl = mgr.page.url();
    const packing = mgr.page.getByTestId('packing-list');
    await packing.getByRole('link', { name: ru.shipments.act(number) }).waitFor();
    expect(await packing.textContent()).toContain('Свеча зажигания');
    expect(await packing.textContent()).not.toContain('Коленвал');
    await axeClean(mgr.page, 'the manager shipment page');
    await screenshot(mgr.page, 'manager-shipment-collected-1366');

    // Dispatched with a carrier and a tracking number.
    const tracking = `TRK${Date.now()}`;
    await label(mgr.page, ru.shipments.carrier).fill('СДЭК');
    await label(mgr.page, ru.shipments.tracking).fill(tracking);
    await mgr.page.getByRole('button', { name: ru.shipments.dispatchSubmit }).click();
    await mgr.page.locator('.page-head .badge', { hasText: ru.shipments.statuses.dispatched }).waitFor();
    expect(await mgr.page.locator('[data-fact="tracking"]').textContent()).toBe(tracking);
    expect(await mgr.page.locator('[data-fact="carrier"]').textContent()).toBe('СДЭК');
    await screenshot(mgr.page, 'manager-shipment-dispatched-1366');
    const phone = await signedInAs(browser(), 'manager', 'phone');
    await phone.page.goto(shipmentUrl);
    await phone.page.getByTestId('packing-list').waitFor();
    await axeClean(phone.page, 'the shipment page at 390 px');
    expect(await overflowsHorizontally(phone.page), 'the shipment page scrolls sideways at 390 px').toBe(false);
    await screenshot(phone.page, 'manager-shipment-dispatched-390');

    // The centre opens the act: parts shipped, with the tracking number in the thread.
    await page.goto(actUrl);
    await untilVisible(page, page.locator('.page-head .badge', { hasText: ru.status.parts_shipped }));
    await page.getByTestId('act-comments').filter({ hasText: `Запчасти отгружены, трек-номер ${tracking}` }).waitFor();
    await axeClean(page, 'the centre act page, parts shipped');
    await screenshot(page, 'act-page-parts-shipped-1366');

    // The centre confirms the parcel arrived from its shipments screen.
    await page.getByRole('link', { name: ru.nav.shipments }).click();
    await page.getByTestId('shipments-list').waitFor();
    expect(await page.getByTestId('shipments-list').textContent()).toContain(tracking);
    await axeClean(page, 'the centre shipments screen');
    // The tracking number is a link to СДЭК; the row's other link opens the shipment.
    expect(await page.getByRole('link', { name: ru.shipments.trackOpen(tracking) }).getAttribute('href')).toContain('cdek.ru');
    await page.locator(`tr:has-text("${tracking}") a[href^="/shipments/"]`).click();
    await page.getByTestId('shipment-page').waitFor();
    await page.getByRole('button', { name: ru.shipments.deliverCentre }).click();
    await page.locator('.page-head .badge', { hasText: ru.shipments.statuses.delivered }).waitFor();
    await page.goto(actUrl);
    await untilVisible(page, page.locator('.page-head .badge', { hasText: ru.status.parts_delivered }));
    // The whole flow, with two browsers, takes a minute or two on a shared machine.
  }, 240_000);
});

describeRealAPI('the act form without a connection', apiProblem, () => {
  it.each(Object.keys(viewports) as ViewportName[])('keeps what was typed on step 2 offline and saves it when the connection returns (%s)', async (vp) => {
    const sc = await signedInAs(browser(), 'service_center', vp);
    const page = sc.page;
    await page.goto(`${baseURL}/acts/new`);
    await label(page, ru.form.article).fill('ЭГК-1500 Энергопром');
    await page.getByRole('button', { name: ru.form.next }).click();
    await page.waitForURL(/\/acts\/[^/]+\/edit\?step=2$/);
    const actId = new URL(page.url()).pathname.split('/')[2] as string;
    // The new address loads the saved act once; the connection goes after that, while typing.
    await label(page, ru.form.mechanic).waitFor();

    await sc.context.setOffline(true);
    await label(page, ru.form.mechanic).fill('Иванович Дмитрий');
    await page.getByRole('button', { name: ru.form.next }).click();
    const problem = page.getByTestId('form-problem');
    await problem.filter({ hasText: ru.form.offlineRetry }).waitFor();
    await screenshot(page, `act-form-offline-${viewports[vp].width}`);

    // Back online: the save goes by itself, nothing retyped.
    await sc.context.setOffline(false);
    await problem.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('save-state').filter({ hasText: /\d\d:\d\d/ }).waitFor();
    const saved = await page.evaluate(async (id) => (await (await fetch(`/api/acts/${id}`)).json()) as { mechanic?: string }, actId);
    expect(saved.mechanic).toBe('Иванович Дмитрий');
  });
});

const stepHeading = (page: Page, n: number) => page.getByRole('heading', { name: ru.form.stepOf(n, 4, ru.form.steps[n - 1] as string) });

describeRealAPI('the browser’s Back in the act form', apiProblem, () => {
  it.each(Object.keys(viewports) as ViewportName[])('goes from step 3 to step 2 and then to step 1 of the same act, keeping what was typed; Forward returns (%s)', async (vp) => {
    const sc = await signedInAs(browser(), 'service_center', vp);
    const page = sc.page;
    const article = `Назад ${Date.now().toString(36)}`;
    await page.goto(`${baseURL}/acts/new`);
    await label(page, ru.form.article).fill(article);
    await page.getByRole('button', { name: ru.form.next }).click();
    await page.waitForURL(/\/acts\/[^/]+\/edit\?step=2$/);
    const form = new URL(page.url()).pathname;
    await label(page, ru.form.mechanic).fill('Иванов Иван');
    await page.getByRole('button', { name: ru.form.next }).click();
    await stepHeading(page, 3).waitFor();

    // Back: one step back, in the same act's form, nothing typed lost.
    await page.goBack();
    await stepHeading(page, 2).waitFor();
    expect(new URL(page.url()).pathname).toBe(form);
    expect(await label(page, ru.form.mechanic).inputValue()).toBe('Иванов Иван');
    await page.goBack();
    await stepHeading(page, 1).waitFor();
    expect(new URL(page.url()).pathname).toBe(form);
    expect(await label(page, ru.form.article).inputValue()).toBe(article);
    expect(await overflowsHorizontally(page), 'the form scrolls sideways').toBe(false);

    await page.goForward();
    await stepHeading(page, 2).waitFor();
    await page.goForward();
    await stepHeading(page, 3).waitFor();
    expect(new URL(page.url()).pathname).toBe(form);
  });
});

/** Step 1 with the seed act's product, plain (the first test checks the fields on the way). */
async function fillSeedProduct(page: Page) {
  await label(page, ru.form.category).selectOption({ label: 'Бензиновая газонокосилка на колесах' });
  await label(page, ru.form.article).fill('ЭГК-1500 Энергопром');
  await label(page, ru.form.serial).fill('01.234.09274');
  await label(page, ru.form.complaint).fill('Не работает');
  await page.getByRole('radio', { name: 'Б/У' }).check();
  await label(page, ru.form.saleDate).fill('01.06.2023');
  await label(page, ru.form.acceptedDate).fill('15.06.2023');
  await page.getByRole('radio', { name: 'Не полная' }).check();
  await page.getByRole('radiogroup', { name: ru.form.warrantyCard }).getByRole('radio', { name: ru.form.yes }).check();
}

/** Step 4 with the seed act's customer. */
async function fillSeedCustomer(page: Page) {
  await label(page, ru.form.customerName).fill('Иванович Дмитрий');
  await label(page, ru.form.customerPhone).fill('89347341234');
  await label(page, ru.form.seller).fill('ООО Планета радости');
  await page.getByRole('radiogroup', { name: ru.form.complexity }).getByRole('radio', { name: '2' }).check();
  await page.getByRole('radio', { name: 'Оставлено в СЦ' }).check();
}

describeRealAPI('an internal number the centre already used', apiProblem, () => {
  it.each(Object.keys(viewports) as ViewportName[])(
    'is refused on step 2 with the field and the step marked, nothing else lost, and the act is filed once it is fixed (%s)',
    async (vp) => {
      const sc = await signedInAs(browser(), 'service_center', vp);
      const page = sc.page;
      // Another act of the centre holds the seed's number already (made unique per run).
      const taken = `12833-во-31-${Date.now().toString(36)}-${vp}`;
      const created = await page.evaluate(
        async (n) => (await fetch('/api/acts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ internalNumber: n }) })).status,
        taken,
      );
      expect(created).toBe(201);

      await page.goto(`${baseURL}/acts/new`);
      await fillSeedProduct(page);
      await page.getByRole('button', { name: ru.form.next }).click();
      await stepHeading(page, 2).waitFor();
      await label(page, ru.form.internalNumber).fill(taken);
      await label(page, ru.form.mechanic).fill('Иванович Дмитрий');
      await label(page, ru.form.diagnosis).fill('Коленвал вышел из строя из-за попадания воды в цилиндр, вызвавшей гидроудар');
      await label(page, ru.form.conclusion).fill('Для ремонта потребуется заменить ЦПГ, коленвал');
      await label(page, ru.form.warrantyCase).check();
      await page.getByRole('button', { name: ru.form.next }).click();

      // The refusal is shown where it is: still step 2, the field and the step marked, the banner names the field.
      const banner = page.getByTestId('form-fields-problem');
      await banner.waitFor();
      expect(await banner.textContent()).toContain(ru.form.fieldOnStep(ru.form.internalNumber, 2));
      expect(await stepHeading(page, 2).count()).toBe(1);
      expect(await label(page, ru.form.internalNumber).getAttribute('aria-invalid')).toBe('true');
      expect(await label(page, ru.form.internalNumber).inputValue()).toBe(taken);
      expect(await page.locator('#e-internalNumber').textContent()).toMatch(/внутренним номером/);
      expect(await page.getByTestId('step-2').getAttribute('data-error')).toBe('true');
      for (const n of [1, 3, 4]) expect(await page.getByTestId(`step-${n}`).getAttribute('data-error'), `step ${n} marked`).toBeNull();
      await axeClean(page, `form step 2 with a refused field (${vp})`);
      expect(await overflowsHorizontally(page), 'the form with a refused field scrolls sideways').toBe(false);
      await screenshot(page, `act-form-refused-field-${viewports[vp].width}`);

      // Nothing else was lost: the act exists with every other field typed; only the number waits.
      await page.waitForURL(/\/acts\/[^/]+\/edit\?step=2$/);
      const actId = new URL(page.url()).pathname.split('/')[2] as string;
      const saved = await page.evaluate(async (id) => (await (await fetch(`/api/acts/${id}`)).json()) as Record<string, unknown>, actId);
      expect(saved).toMatchObject({ article: 'ЭГК-1500 Энергопром', serialNumber: '01.234.09274', acceptedDate: '2023-06-15', mechanic: 'Иванович Дмитрий', warrantyCase: true });
      expect(saved.internalNumber).toBeUndefined();

      // A draft has no number yet: it is taken at submission.
      expect(saved.number).toBe('');
      expect((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').not.toMatch(/\d{4}-\d+/);

      // Fixed: the marks go and the form moves on.
      const own = `${taken}-2`;
      await label(page, ru.form.internalNumber).fill(own);
      await page.getByRole('button', { name: ru.form.next }).click();
      await stepHeading(page, 3).waitFor();
      expect(await banner.count()).toBe(0);
      expect(await page.getByTestId('step-2').getAttribute('data-error')).toBeNull();
      await page.getByRole('button', { name: ru.form.addPart }).click();
      const row = page.getByTestId('part-row').first();
      await row.getByLabel(ru.form.partName, { exact: true }).fill('Коленвал');
      await row.getByLabel(ru.form.partOwn, { exact: true }).check();
      await row.getByLabel(ru.form.partPrice, { exact: true }).fill('780');
      await page.getByRole('button', { name: ru.form.next }).click();
      await stepHeading(page, 4).waitFor();
      await fillSeedCustomer(page);
      await page.getByRole('button', { name: ru.form.submit }).click();

      // Filed: the act page, with a number and the fixed internal number.
      await page.getByTestId('act-page').waitFor();
      expect(page.url()).toContain(`/acts/${actId}`);
      expect((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').toMatch(/^Акт \d{4}-\d+$/);
      expect(await page.getByTestId('act-facts').textContent()).toContain(own);
    },
    120_000,
  );
});

describeRealAPI('a centre’s drafts', apiProblem, () => {
  it('lists a draft as «Черновик» with when it was saved, without a number, and deletes it', async () => {
    const sc = await signedInAs(browser(), 'service_center', 'phone');
    const page = sc.page;
    const article = `Черновик ${Date.now().toString(36)}`;
    await page.goto(`${baseURL}/acts/new`);
    await label(page, ru.form.article).fill(article);
    await page.getByRole('button', { name: ru.form.save }).click();
    await page.getByTestId('save-state').filter({ hasText: /\d\d:\d\d/ }).waitFor();

    await page.getByRole('link', { name: ru.nav.acts, exact: true }).click();
    const row = page.getByTestId('act-row').filter({ hasText: article });
    await row.waitFor();
    expect(await row.locator('.act-row__number').textContent()).toBe(ru.acts.draft);
    expect(await row.textContent()).toMatch(/сохранён \d\d\.\d\d\.\d{4} \d\d:\d\d МСК/);
    expect(await row.textContent()).not.toMatch(/\d{4}-\d{6}/);
    await axeClean(page, 'the centre list with a draft');
    expect(await overflowsHorizontally(page), 'the list with a draft scrolls sideways').toBe(false);

    await row.getByRole('button', { name: ru.acts.deleteDraft }).click();
    await row.getByRole('button', { name: ru.acts.deleteYes }).click();
    await row.waitFor({ state: 'detached' });
    const listed = await page.evaluate(async () => (await (await fetch('/api/acts?limit=200')).json()) as { items: Array<{ article?: string }> });
    expect(listed.items.some((a) => a.article === article)).toBe(false);
  });
});

/**
 * The seed act, filed, approved with a part the wholesaler ships, put in an
 * urgent shipment and dispatched by СДЭК — all through the API, so a test can
 * start at the act page in «Запчасти отгружены». Returns the act id and the tracking number.
 */
async function seedActShipped(centre: Page, manager: Page): Promise<{ actId: string; tracking: string }> {
  const { actId, version } = await seedActSubmitted(centre);
  await apiCall(manager, 'POST', `/api/acts/${actId}/actions`, { action: 'approve', version, payer: 'wholesaler' });
  // The order follows the approval a moment later.
  let orderId: string | undefined;
  for (let i = 0; i < 60 && !orderId; i++) {
    const orders = await apiCall<{ items: Array<{ id: string; actId: string }> }>(manager, 'GET', '/api/orders?status=awaiting_shipment&limit=200');
    orderId = orders.items.find((o) => o.actId === actId)?.id;
    if (!orderId) await manager.waitForTimeout(500);
  }
  expect(orderId, 'the approval made an order').toBeDefined();
  const shipment = await apiCall<{ id: string }>(manager, 'POST', '/api/shipments', { orderIds: [orderId] });
  const tracking = `10${Date.now()}`;
  await apiCall(manager, 'POST', `/api/shipments/${shipment.id}/dispatch`, { carrier: 'СДЭК', trackingNumber: tracking });
  return { actId, tracking };
}

describeRealAPI('managers see centres by name', apiProblem, () => {
  it.each(Object.keys(viewports) as ViewportName[])('in the queue, on the act page and on shipments, and filter the queue by centre (%s)', async (vp) => {
    const sc = await signedInAs(browser(), 'service_center');
    const { actId, number } = await seedActSubmitted(sc.page);
    const own = (await apiCall<{ user: { tenantName?: string } }>(sc.page, 'GET', '/api/me')).user.tenantName as string;
    const mgr = await signedInAs(browser(), 'manager', vp);
    const page = mgr.page;
    const centres = (await apiCall<{ items: Array<{ id: string; name: string }> }>(page, 'GET', '/api/service-centers?limit=200')).items;
    const names = new Set(centres.map((c) => c.name));
    expect(names.has(own), `${own} among the centres a manager reads`).toBe(true);

    // The queue: every row names its centre.
    await page.goto(`${baseURL}/`);
    await page.getByTestId('acts-list').waitFor();
    const shown = await page.getByTestId('act-centre').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const n of shown) expect(names.has(n), `«${n}» is a centre's name`).toBe(true);

    // Filtered by the act's centre: only its acts, the seed act among them; by another centre: not.
    await label(page, ru.queue.centre).selectOption({ label: own });
    await page.getByRole('button', { name: ru.queue.apply }).click();
    await page.waitForURL(/serviceCenter=/);
    await untilVisible(page, page.getByRole('link', { name: ru.acts.open(number) }));
    expect(new Set(await page.getByTestId('act-centre').allTextContents())).toEqual(new Set([own]));
    await axeClean(page, `the queue filtered by centre (${vp})`);
    expect(await overflowsHorizontally(page), 'the filtered queue scrolls sideways').toBe(false);
    await screenshot(page, `manager-queue-by-centre-${viewports[vp].width}`);
    const other = centres.find((c) => c.name !== own) as { name: string };
    await label(page, ru.queue.centre).selectOption({ label: other.name });
    await page.getByRole('button', { name: ru.queue.apply }).click();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('link', { name: ru.acts.open(number) }).count()).toBe(0);
    for (const n of await page.getByTestId('act-centre').allTextContents()) expect(n).toBe(other.name);

    // The act page: the centre by name with its contacts; the manager's own next step.
    await page.goto(`${baseURL}/acts/${actId}`);
    const card = page.getByTestId('act-centre');
    await card.waitFor();
    expect(await card.textContent()).toContain(own);
    expect(await page.getByTestId('next-step').textContent()).toBe(ru.nextStepStaff.submitted);

    // Shipments: the centre column holds names only.
    await page.goto(`${baseURL}/shipments`);
    await page.getByTestId('shipments-page').waitFor();
    await page.waitForLoadState('networkidle');
    for (const n of await page.locator(`td[data-label="${ru.shipments.colCentre}"]`).allTextContents()) expect(names.has(n), `«${n}» is a centre's name`).toBe(true);
  }, 120_000);
});

describeRealAPI('the centre confirms delivery from the act page', apiProblem, () => {
  it.each(Object.keys(viewports) as ViewportName[])('«Запчасти отгружены»: the tracking number links to СДЭК, «Подтвердить получение» delivers (%s)', async (vp) => {
    const sc = await signedInAs(browser(), 'service_center', vp);
    const mgr = await signedInAs(browser(), 'manager');
    const { actId, tracking } = await seedActShipped(sc.page, mgr.page);
    const page = sc.page;
    await page.goto(`${baseURL}/acts/${actId}`);
    await untilVisible(page, page.locator('.page-head .badge', { hasText: ru.status.parts_shipped }));
    const parcels = page.getByTestId('act-parcels');
    const link = parcels.getByRole('link', { name: ru.shipments.trackOpen(tracking) });
    expect(await link.getAttribute('href')).toBe(`https://www.cdek.ru/ru/tracking?order_id=${tracking}`);
    expect(await link.textContent()).toBe(tracking);
    const confirm = parcels.getByRole('button', { name: ru.shipments.deliverCentre });
    // On a phone the button is on screen without scrolling sideways.
    expect(await overflowsHorizontally(page), 'the act page scrolls sideways').toBe(false);
    await axeClean(page, `the centre act page, parts shipped (${vp})`);
    await screenshot(page, `act-page-confirm-delivery-${viewports[vp].width}`);

    await confirm.click();
    await page.locator('.page-head .badge', { hasText: ru.status.parts_delivered }).waitFor();
    expect(await page.getByTestId('next-step').textContent()).toBe(ru.nextStep.parts_delivered);
    expect(await confirm.count()).toBe(0);
    // The shipment moved with it.
    await page.getByTestId('act-parcels').getByRole('link', { name: ru.act.parcelShipment }).click();
    await page.locator('.page-head .badge', { hasText: ru.shipments.statuses.delivered }).waitFor();
  }, 120_000);
});

/** Whether the whole of `target` is within the window's width (not cut off, not in a region scrolled off the screen). */
async function withinWidth(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const width = await page.evaluate(() => window.innerWidth);
  return box !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= width + 1;
}

describeRealAPI('the centre’s shipments on a phone', apiProblem, () => {
  it.each(Object.keys(viewports) as ViewportName[])('show the carrier and the tracking number as the carrier’s link, list and shipment page, without sideways scroll (%s)', async (vp) => {
    const sc = await signedInAs(browser(), 'service_center', vp);
    const mgr = await signedInAs(browser(), 'manager');
    const { tracking } = await seedActShipped(sc.page, mgr.page);
    const page = sc.page;
    const cdek = `https://www.cdek.ru/ru/tracking?order_id=${tracking}`;

    // The list: the row of this parcel, its carrier and its tracking link on screen.
    await page.goto(`${baseURL}/shipments`);
    const row = page.locator('[data-testid="shipments-list"] tr[data-shipment]', { hasText: tracking });
    await untilVisible(page, row);
    const carrier = row.locator('[data-fact="carrier"]');
    const link = row.getByRole('link', { name: ru.shipments.trackOpen(tracking) });
    expect(await carrier.textContent()).toBe('СДЭК');
    expect(await link.getAttribute('href')).toBe(cdek);
    expect(await link.textContent()).toBe(tracking);
    expect(await carrier.isVisible()).toBe(true);
    expect(await link.isVisible()).toBe(true);
    expect(await withinWidth(page, carrier), 'the carrier is on screen').toBe(true);
    expect(await withinWidth(page, link), 'the tracking link is on screen').toBe(true);
    expect(await overflowsHorizontally(page), 'the shipments screen scrolls sideways').toBe(false);
    // Nor does the table scroll sideways inside its own region.
    const wrap = page.locator('.table-wrap', { has: page.getByTestId('shipments-list') });
    expect(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the shipments table scrolls sideways in its region').toBe(true);
    await axeClean(page, `the centre shipments screen (${vp})`);
    await screenshot(page, `centre-shipments-tracking-${viewports[vp].width}`);

    // The shipment page: the same facts, the tracking number the same link.
    await row.locator('a[href^="/shipments/"]').click();
    await page.getByTestId('shipment-page').waitFor();
    const facts = page.getByTestId('shipment-facts');
    const pageCarrier = facts.locator('[data-fact="carrier"]');
    const pageLink = facts.getByRole('link', { name: ru.shipments.trackOpen(tracking) });
    expect(await pageCarrier.textContent()).toBe('СДЭК');
    expect(await pageLink.getAttribute('href')).toBe(cdek);
    expect(await withinWidth(page, pageCarrier), 'the carrier is on screen').toBe(true);
    expect(await withinWidth(page, pageLink), 'the tracking link is on screen').toBe(true);
    expect(await overflowsHorizontally(page), 'the shipment page scrolls sideways').toBe(false);
    await axeClean(page, `the centre shipment page (${vp})`);
    await screenshot(page, `centre-shipment-tracking-${viewports[vp].width}`);
  }, 120_000);
});

/** The address of the first link on `list` whose path matches `pattern`; fails when the list has none. */
async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string> {
  await page.goto(`${baseURL}${list}`);
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const found = hrefs.find((h) => pattern.test(h));
  expect(found, `a link matching ${pattern} on ${list} (the seed act above makes one)`).toBeDefined();
  return found as string;
}

// Every screen of every role, the act and shipment pages included (the seed
// act's, made by the test above), at 390 and 1366 px.
describeRealAPI('main screens of each role', apiProblem, () => {
  const act = /^\/acts\/(?!new$)[^/]+$/;
  const shipment = /^\/shipments\/[^/]+$/;
  type Screen = string | { list: string; link: RegExp };
  const screens: Record<DemoRole, Screen[]> = {
    service_center: ['/', '/acts/new', '/shipments', { list: '/', link: act }, { list: '/shipments', link: shipment }],
    manager: ['/', '/acts', '/shipments', { list: '/acts', link: act }, { list: '/shipments', link: shipment }],
    key_user: ['/', '/outlets', '/routes'],
    admin: ['/', '/acts', '/shipments', { list: '/acts', link: act }, { list: '/shipments', link: shipment }],
  };
  for (const [role, paths] of Object.entries(screens) as Array<[DemoRole, Screen[]]>) {
    it.each(Object.keys(viewports) as ViewportName[])(`${role}: no serious axe finding, no sideways scroll, screenshots (%s)`, async (vp) => {
      const w = await signedInAs(browser(), role, vp);
      for (const screen of paths) {
        const path = typeof screen === 'string' ? screen : await firstLink(w.page, screen.list, screen.link);
        await w.page.goto(`${baseURL}${path}`);
        await w.page.locator('h1').first().waitFor();
        await w.page.waitForLoadState('networkidle');
        await w.page.locator('.loading').waitFor({ state: 'detached' });
        await axeClean(w.page, `${role} ${path}`);
        expect(await overflowsHorizontally(w.page), `${role} ${path} scrolls sideways`).toBe(false);
        // Facts a table holds (a shipment's carrier and tracking, a part's price) are on screen, not in a region scrolled off it.
        const offScreen = await w.page.locator('td[data-label]').evaluateAll((cells) =>
          cells.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 1).map((c) => `${c.getAttribute('data-label')}: ${c.textContent}`),
        );
        expect(offScreen, `${role} ${path}: table cells beyond the screen's right edge`).toEqual([]);
        const name = typeof screen === 'string' ? path.replace(/\//g, '-').replace(/-$/, '') : `-${path.split('/')[1]}-page`;
        await screenshot(w.page, `${role}${name}-${viewports[vp].width}`);
      }
    }, 120_000);
  }
});
