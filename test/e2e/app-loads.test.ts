import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { appUrl, launchBrowser, watchProblems } from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the app loads in Chromium and shows that it reaches Bungie.net (the simulator)', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const problems = watchProblems(page);
  const response = await page.goto(`${appUrl}/`);
  assert.equal(response?.status(), 200);
  assert.match(response?.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  await page.getByRole('heading', { name: 'Your Destiny 2 vault, in your pocket' }).waitFor();
  const status = page.getByRole('status');
  await status.filter({ hasText: 'Bungie.net is reachable' }).waitFor({ timeout: 10_000 });
  assert.match(await status.innerText(), /manifest \d+\.\d{2}\.\d{2}\.\d{2}\.\d{4}/);
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/app-loads.png' });
  assert.deepEqual(problems, []);
});
