// One's own account in the browser, against the real API, at 390 and 1366
// px: the own password change, the forced change after an admin's reset,
// the choice of immediate mails or the daily digest, and the managers'
// «Отправить сейчас» for pre-sale orders. Each screen is checked with axe and
// for sideways scrolling.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ru } from '../src/i18n/ru';
import { apiCall, seedActSubmitted } from './actsApi';
import {
  apiToken,
  baseURL,
  bearerCall,
  demoAccount,
  describeRealAPI,
  homeOf,
  loginAnswer,
  overflowsHorizontally,
  realAPIFile,
  screenshot,
  seriousA11yViolations,
  signedInAs,
  signedInPage,
  signIn,
  throwawayManager,
  viewports,
  type ViewportName,
} from './support';

const { apiProblem, browser } = await realAPIFile();

const vps = Object.keys(viewports) as ViewportName[];

async function clean(page: Page, where: string) {
  expect(await seriousA11yViolations(page), `axe-core on ${where}`).toEqual([]);
  expect(await overflowsHorizontally(page), `${where} scrolls sideways`).toBe(false);
}

async function changePassword(page: Page, current: string, next: string) {
  await page.getByLabel(ru.account.current, { exact: true }).fill(current);
  await page.getByLabel(ru.account.next, { exact: true }).fill(next);
  await page.getByLabel(ru.account.repeat, { exact: true }).fill(next);
  await page.getByRole('button', { name: ru.account.submit }).click();
  await page.waitForURL(`${baseURL}/login?changed=1`);
  await page.getByText(ru.account.changed).waitFor();
}

describeRealAPI('one’s own account', apiProblem, () => {
  it.each(vps)('changes one’s own password from the account page, then only the new one opens (%s)', async (vp) => {
    const me = await throwawayManager('own');
    const w = await signedInPage(browser(), me, { viewport: vp, landing: homeOf('manager') });
    await w.page.getByRole('link', { name: ru.accountPage.link }).click();
    await w.page.getByRole('heading', { level: 1, name: ru.accountPage.title }).waitFor();
    await clean(w.page, 'the account page');
    await w.page.getByRole('link', { name: ru.account.link }).click();
    await w.page.getByRole('heading', { level: 1, name: ru.account.title }).waitFor();
    await clean(w.page, 'the password page');
    await screenshot(w.page, `account-password-${viewports[vp].width}`);
    await changePassword(w.page, me.password, 'second-password-2');
    expect((await loginAnswer(me)).status, 'the old password still opens').not.toBe(200);
    await signIn(w.page, me.login, 'second-password-2');
    await w.page.locator(homeOf('manager')).waitFor();
  });

  it.each(vps)('after an admin’s reset, asks for a new password before anything else (%s)', async (vp) => {
    const me = await throwawayManager('reset');
    await bearerCall(await apiToken(demoAccount('admin')), 'POST', `/api/admin/users/${me.id}/password`, { password: 'given-by-admin-1' }, 204);
    const w = await signedInPage(browser(), { login: me.login, password: 'given-by-admin-1' }, { viewport: vp, landing: '[data-testid="password-forced"]' });
    expect(new URL(w.page.url()).pathname).toBe('/me/password');
    expect(await w.page.getByRole('navigation', { name: ru.nav.label }).count(), 'no section is offered').toBe(0);
    await clean(w.page, 'the forced password change');
    await screenshot(w.page, `account-forced-${viewports[vp].width}`);
    // Any other screen leads back here.
    await w.page.goto(`${baseURL}/acts`);
    await w.page.locator('[data-testid="password-forced"]').waitFor();
    expect(new URL(w.page.url()).pathname).toBe('/me/password');
    await changePassword(w.page, 'given-by-admin-1', 'chosen-by-me-2');
    await signIn(w.page, me.login, 'chosen-by-me-2');
    await w.page.locator(homeOf('manager')).waitFor();
    expect(await w.page.locator('[data-testid="password-forced"]').count()).toBe(0);
    expect(await w.page.getByRole('navigation', { name: ru.nav.label }).count()).toBe(1);
  });

  it.each(vps)('chooses the daily digest instead of a mail per event, and the choice stays (%s)', async (vp) => {
    const me = await throwawayManager('mail');
    const w = await signedInPage(browser(), me, { viewport: vp, landing: homeOf('manager') });
    await w.page.getByRole('link', { name: ru.accountPage.link }).click();
    const form = w.page.getByTestId('mail-choice');
    await form.waitFor();
    const immediate = form.getByLabel(ru.mailChoice.options.immediate);
    const digest = form.getByLabel(ru.mailChoice.options.digest);
    expect(await immediate.isChecked(), 'a mail per event is the default').toBe(true);
    await digest.check();
    await form.getByRole('button', { name: ru.mailChoice.save }).click();
    await form.getByText(ru.mailChoice.saved.digest).waitFor();
    await clean(w.page, 'the account page with the choice saved');
    await screenshot(w.page, `account-mail-${viewports[vp].width}`);
    await w.page.reload();
    await w.page.getByTestId('mail-choice').waitFor();
    expect(await w.page.getByTestId('mail-choice').getByLabel(ru.mailChoice.options.digest).isChecked(), 'the choice after a reload').toBe(true);
    const stored = await apiCall<{ user: { mail: string } }>(w.page, 'GET', '/api/me');
    expect(stored.user.mail).toBe('digest');
  });
});

describeRealAPI('pre-sale orders on the shipments screen', apiProblem, () => {
  it.each(vps)('a manager sends the waiting pre-sale orders at once with «Отправить сейчас» (%s)', async (vp) => {
    const sc = await signedInAs(browser(), 'service_center');
    const { actId, version } = await seedActSubmitted(sc.page, 'pre_sale');
    const mgr = await signedInAs(browser(), 'manager', vp);
    const approved = await apiCall<{ orderIds?: string[] }>(mgr.page, 'POST', `/api/acts/${actId}/actions`, { action: 'approve', version, payer: 'wholesaler' });
    const orderId = approved.orderIds?.[0];
    expect(orderId, 'the approval made an order').toBeDefined();
    const order = await apiCall<{ preSale: boolean; status: string }>(mgr.page, 'GET', `/api/orders/${orderId}`);
    expect(order).toMatchObject({ preSale: true, status: 'awaiting_shipment' });

    await mgr.page.goto(`${baseURL}/shipments`);
    const box = mgr.page.getByTestId('presale-now');
    await box.waitFor();
    await clean(mgr.page, 'the shipments screen with pre-sale orders waiting');
    await box.getByRole('button', { name: ru.shipments.preSaleNow }).click();
    await box.getByRole('status').waitFor();
    expect(await box.getByRole('status').textContent()).toContain(ru.shipments.preSaleDone('').replace(/[.:\s]+$/, ''));
    expect(await box.getByRole('status').getByRole('link').count()).toBeGreaterThan(0);
    await screenshot(mgr.page, `shipments-presale-${viewports[vp].width}`);
    const shipped = await apiCall<{ status: string; shipmentId?: string }>(mgr.page, 'GET', `/api/orders/${orderId}`);
    expect(shipped.status, 'the pre-sale order left the weekly batch').toBe('in_shipment');
    await clean(mgr.page, 'the shipments screen after sending');
  });
});
