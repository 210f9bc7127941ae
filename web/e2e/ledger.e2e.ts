// Issue 16's recovery walk against the real API: an act approved at the
// factory's cost puts its costs in the factory's month; the manager claims
// them in one document (downloaded as .xlsx), marks part of the own-part
// cost recovered and writes the rest off with a reason, and the factory's
// statement shows it; then the centre reads its own statement for the month.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ru } from '../src/i18n/ru';
import { apiCall, seedActSubmitted } from './actsApi';
import { baseURL, describeRealAPI, overflowsHorizontally, realAPIFile, screenshot, seriousA11yViolations, signedInAs, type DemoRole } from './support';

const { apiProblem, browser } = await realAPIFile();
const t = ru.ledger;

/** The role's demo account signed in, on its home screen. */
async function as(role: DemoRole): Promise<Page> {
  return (await signedInAs(browser(), role)).page;
}

describeRealAPI('the ledger', apiProblem, () => {
  it('claims a factory’s month, recovers part, writes off the rest, and the centre reads its statement', async () => {
    const centre = await as('service_center');
    const manager = await as('manager');
    const { actId, version, number } = await seedActSubmitted(centre);
    await apiCall(manager, 'POST', `/api/acts/${actId}/actions`, { action: 'approve', version, payer: 'factory' });
    const ofAct = new RegExp(`${number}(?!\\d)`); // 2026-000002, not 2026-000020

    // The factory's month lists the act's cost — its own part, 780 ₽ (the
    // spark plug was requested without a price, so it costs nothing here) — to claim.
    await manager.getByRole('link', { name: t.nav }).click();
    await manager.getByTestId('recovery-page').waitFor();
    const rows = manager.getByTestId('ledger-entry').filter({ hasText: ofAct });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().getAttribute('data-state')).toBe('to_claim');
    for (const box of await rows.getByRole('checkbox').all()) await box.check();
    const claim = manager.getByTestId('ledger-claim');
    const claimNumber = `П-${Date.now()}`;
    // A factory of this run's own, so the statement below holds this claim only.
    const factory = `Завод «Энергопром» ${claimNumber}`;
    await claim.getByLabel(t.claimNumber).fill(claimNumber);
    await claim.getByLabel(t.claimParty).fill(factory);
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await claim.getByRole('button', { name: t.claimSubmit(1) }).click();
    await claim.getByText(t.claimed(1)).waitFor();
    await expect.poll(async () => (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-state')))).join(','), { timeout: 15_000 }).toBe('claimed');

    await screenshot(manager, 'ledger-claimed-1366');
    expect(await seriousA11yViolations(manager)).toEqual([]);

    // The own part (780 ₽): 500 ₽ paid back, the rest written off with a reason.
    const own = rows.filter({ hasText: t.kinds.own_part });
    await own.getByLabel(t.recoverAmount).fill('500');
    await own.getByRole('button', { name: t.recoverSubmit }).click();
    await own.getByText(t.partly('500,00\u00a0₽')).waitFor();
    await own.getByLabel(t.writeOffReason).fill('Завод признал 500 ₽ из 780 ₽');
    await own.getByRole('button', { name: t.writeOffSubmit }).click();
    await expect.poll(() => own.getAttribute('data-state'), { timeout: 15_000 }).toBe('written_off');
    await own.getByText('Завод признал 500 ₽ из 780 ₽').waitFor();

    // The factory's statement shows it: 780 ₽ claimed, 500 ₽ recovered, 280 ₽ written off, nothing outstanding.
    const filter = manager.getByTestId('ledger-filter');
    await filter.getByLabel(t.party).fill(factory);
    await filter.getByRole('button', { name: t.show }).click();
    await manager.getByTestId('ledger-recovered').filter({ hasText: /^500,00/ }).waitFor();
    expect(await manager.getByTestId('ledger-written-off').textContent()).toMatch(/^280,00/);
    expect(await manager.getByTestId('ledger-outstanding').textContent()).toMatch(/^0,00/);
    const claimed = manager.getByTestId('ledger-entry').filter({ hasText: claimNumber });
    expect(await claimed.count()).toBe(1);
    const [download] = await Promise.all([manager.waitForEvent('download', { timeout: 30_000 }), manager.getByRole('button', { name: t.download }).click()]);
    expect(download.suggestedFilename()).toMatch(/^pretenziya-factory-\d{4}-\d{2}\.xlsx$/);
    await screenshot(manager, 'ledger-recovery-1366');

    // The centre's own month holds the act's cost: 780 ₽ owed to it for its own part.
    await centre.getByRole('link', { name: t.centreNav }).click();
    await centre.getByTestId('statement-page').waitFor();
    const mine = centre.getByTestId('statement-entry').filter({ hasText: ofAct });
    await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(1);
    expect(await centre.getByTestId('statement-owed').textContent()).toMatch(/\d/);
    expect(await seriousA11yViolations(centre)).toEqual([]);
    await screenshot(centre, 'ledger-statement-1366');
    expect(await overflowsHorizontally(centre)).toBe(false);
  }, 120_000);

  it('claims a parcel lost in transit from its carrier on the shipment page, and the carrier’s month lists it', async () => {
    const centre = await as('service_center');
    const manager = await as('manager');
    const { actId, version } = await seedActSubmitted(centre);
    const act = await apiCall<{ orderIds: string[] }>(manager, 'POST', `/api/acts/${actId}/actions`, { action: 'approve', version, payer: 'wholesaler' });
    const shipment = await apiCall<{ id: string }>(manager, 'POST', '/api/shipments', { orderIds: act.orderIds });
    await apiCall(manager, 'POST', `/api/shipments/${shipment.id}/dispatch`, { carrier: 'СДЭК', trackingNumber: `10${Date.now()}`, shippingCost: 450.5 });

    await manager.goto(`${baseURL}/shipments/${shipment.id}`);
    await manager.getByTestId('shipment-facts').getByText('450,50').waitFor();
    const form = manager.getByTestId('carrier-claim');
    await form.getByLabel(t.carrierAmount).fill('1200');
    await form.getByLabel(t.carrierReason).fill('Посылка утеряна');
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await form.getByRole('button', { name: t.carrierSubmit }).click();
    await form.getByText(t.carrierClaimed('1 200,00\u00a0₽')).waitFor();

    await form.getByRole('link', { name: t.nav }).click();
    const filter = manager.getByTestId('ledger-filter');
    await filter.getByLabel(t.payer).selectOption('carrier');
    await filter.getByRole('button', { name: t.show }).click();
    const row = manager.getByTestId('ledger-entry').filter({ hasText: shipment.id });
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('to_claim');
    expect(await row.textContent()).toContain('Посылка утеряна');
  }, 120_000);
});
