// Issue 15's agenda against the real API, as the demo centre's sc-north (the
// browser in Vladivostok: times must stay Moscow's): a field visit planned
// for himself, an overlapping one refused with the other visit's time and
// address, moved to a free slot, both in the week view, one marked done; a
// calendar link made, read by a calendar app without a session, revoked;
// the day fits a phone.
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { addDays, dayOf } from '../src/routes/desk/agenda/time';
import { baseURL, demoLogin, describeRealAPI, overflowsHorizontally, realAPIFile, screenshot, seriousA11yViolations, signedInPage } from './support';

const { apiProblem, browser } = await realAPIFile();
const t = ru.agenda;
// A day of its own for this run, so a persisted table never holds its slots.
// Within the feed's window (180 days ahead).
const day = addDays(dayOf(new Date()), 10 + (Math.floor(Date.now() / 1000) % 150));

describeRealAPI('the field-visit agenda', apiProblem, () => {
  it('plans visits, refuses an overlap naming the other visit, and serves the technician a calendar link', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'), { expected: [{ status: 409, path: '/api/agenda/visits' }] });
    const page = w.page;
    await page.getByRole('link', { name: t.nav }).click();
    await page.getByTestId('agenda-page').waitFor();

    const plan = async (from: string, to: string, address: string) => {
      await page.goto(`${baseURL}/agenda/new?day=${day}`);
      const form = page.getByTestId('visit-form');
      await form.getByLabel(t.kind).selectOption('diagnostics');
      await form.getByLabel(t.technician).selectOption({ label: 'Сергей Северов' });
      await form.getByLabel(t.from).fill(from);
      await form.getByLabel(t.to).fill(to);
      await form.getByLabel(t.address).fill(address);
      await form.getByLabel(t.contactName).fill('Ольга Дачная');
      await form.getByLabel(t.contactPhone).fill('8 912 000-11-22');
      await form.getByRole('button', { name: t.plan }).click();
    };
    await plan('10:00', '12:00', 'Тверь, ул. Ленина, 1');
    await page.getByTestId('visit-card').filter({ hasText: '10:00–12:00' }).waitFor();
    expect(page.url()).toContain(`from=${day}`);

    await plan('11:00', '13:00', 'Тверь, ул. Мира, 5');
    const refusal = page.getByTestId('visit-form').getByRole('alert');
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toContain('занят');
    expect(text).toContain('10:00–12:00');
    expect(text).toContain('Тверь, ул. Ленина, 1');
    await screenshot(page, 'agenda-overlap-1366');
    await page.getByTestId('visit-form').getByLabel(t.from).fill('12:00');
    await page.getByTestId('visit-form').getByRole('button', { name: t.plan }).click();
    await page.getByTestId('visit-card').filter({ hasText: '12:00–13:00' }).waitFor();

    await page.getByRole('button', { name: t.week }).click();
    await page.getByTestId('agenda-day').nth(6).waitFor();
    expect(await page.getByTestId('visit-card').count()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'agenda-week-1366');

    const first = page.getByTestId('visit-card').filter({ hasText: '10:00–12:00' });
    await first.getByRole('button', { name: t.markDone }).click();
    await first.getByText(t.statuses.done).waitFor();

    // The calendar link: shown once, read without a session, dead once revoked.
    const feed = page.getByTestId('agenda-feed');
    // «Создать ссылку», or «Создать новую» when an earlier run on a kept table left one.
    await feed.getByRole('button', { name: new RegExp(`^(${t.feed.create}|Создать новую)`) }).click();
    const link = await feed.getByTestId('agenda-feed-url').inputValue();
    expect(link).toMatch(/\/api\/public\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(link).pathname;
    const cal = await fetch(`${baseURL}${path}`);
    expect(cal.status).toBe(200);
    expect(cal.headers.get('content-type')).toContain('text/calendar');
    const body = await cal.text();
    expect(body).toContain('LOCATION:Тверь\\, ул. Ленина\\, 1\r\n');
    expect(body.match(/BEGIN:VEVENT/g)?.length).toBeGreaterThanOrEqual(2);
    await feed.getByRole('button', { name: t.feed.revoke }).click();
    await feed.getByText(t.feed.none).waitFor();
    expect((await fetch(`${baseURL}${path}`)).status).toBe(404);

    // From a repair order: the form starts with the order's customer.
    await page.goto(`${baseURL}/desk`);
    await page.getByTestId('repair-row').filter({ hasText: 'Петров Иван Сергеевич' }).first().getByRole('link').click();
    await page.getByTestId('repair-plan-visit').click();
    const form = page.getByTestId('visit-form');
    expect(await form.getByLabel(t.contactName).inputValue()).toBe('Петров Иван Сергеевич');
    expect(await form.getByLabel(t.contactPhone).inputValue()).toBe('+79347341234');
    await form.getByLabel(t.technician).selectOption({ label: 'Сергей Северов' });
    await form.getByLabel(t.date).fill(day);
    await form.getByLabel(t.from).fill('15:00');
    await form.getByLabel(t.to).fill('16:00');
    await form.getByLabel(t.address).fill('Санкт-Петербург, Дачный пр., 12');
    await form.getByRole('button', { name: t.plan }).click();
    await page.getByTestId('visit-card').filter({ hasText: '15:00–16:00' }).waitFor();
    expect(w.cspViolations).toEqual([]);
  });

  it("shows the demo technician tomorrow's own visits and their own calendar link, without the centre's choice of technician", async () => {
    const w = await signedInPage(browser(), demoLogin('tech-north'), { viewport: 'phone' });
    await w.page.goto(`${baseURL}/agenda?from=${addDays(dayOf(new Date()), 1)}`);
    await w.page.getByTestId('visit-card').filter({ hasText: 'Дачный пр., 12' }).waitFor();
    expect(await w.page.getByTestId('agenda-technician').count()).toBe(0);
    await w.page.getByTestId('agenda-feed').getByRole('button').first().waitFor();
    expect(await overflowsHorizontally(w.page)).toBe(false);
    await screenshot(w.page, 'agenda-technician-390');
  });

  it('shows a day of visits on a phone without horizontal scrolling', async () => {
    const w = await signedInPage(browser(), demoLogin('sc-north'), { viewport: 'phone' });
    await w.page.goto(`${baseURL}/agenda?from=${day}`);
    await w.page.getByTestId('visit-card').first().waitFor();
    expect(await overflowsHorizontally(w.page)).toBe(false);
    expect(await seriousA11yViolations(w.page)).toEqual([]);
    await screenshot(w.page, 'agenda-day-390');
  });
});
