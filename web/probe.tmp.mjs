import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless','--disable-gpu'] });
for (const [login, role] of [['sc-north','service_center'], ['manager','manager']]) {
  const ctx = await b.newContext({ viewport: { width: 390, height: 844 } });
  const p = await ctx.newPage();
  await p.goto('http://127.0.0.1:3150/login');
  await p.getByLabel('Логин').fill(login);
  await p.getByLabel('Пароль', { exact: true }).fill('demo-password-1');
  await p.getByRole('button', { name: 'Войти' }).click();
  await p.locator(`[data-testid="home-${role}"]`).waitFor();
  await p.goto('http://127.0.0.1:3150/acts');
  await p.waitForLoadState('networkidle');
  const href = await p.locator('a[href^="/acts/"]:not([href$="new"])').first().getAttribute('href');
  console.log(login, href);
  await p.goto('http://127.0.0.1:3150' + href);
  await p.getByTestId('act-page').waitFor();
  await p.waitForLoadState('networkidle');
  const r = await p.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const rc = el.getBoundingClientRect();
      if (rc.right > window.innerWidth + 1) out.push(`${el.tagName}.${el.className} ${Math.round(rc.width)} right=${Math.round(rc.right)}`);
    }
    return { sw: document.documentElement.scrollWidth, iw: window.innerWidth, wide: out.slice(0, 15) };
  });
  console.log(JSON.stringify(r, null, 1));
  await p.screenshot({ path: `/tmp/wt-webtests-demo/${login}-act.png`, fullPage: true });
  await ctx.close();
}
await b.close();
