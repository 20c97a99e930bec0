import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium.ts';
import {
  appUrl,
  launchBrowser,
  signedInVault,
  waitForServiceWorkerControl,
  watchProblems
} from './browser.ts';

test('Chromium finds the app installable (manifest, icons, service worker)', async () => {
  // Installability is only judged in a persistent profile; an incognito context always says "in-incognito".
  const profile = mkdtempSync(join(tmpdir(), 'vault-raider-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS
  });
  try {
    const page = await context.newPage();
    await page.goto(`${appUrl}/vault`);
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    assert.deepEqual(installabilityErrors, []);
    const manifest = await (await page.request.get(`${appUrl}/manifest.webmanifest`)).json();
    assert.equal(manifest.start_url, '/vault');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i: { purpose: string }) => i.purpose === 'maskable'));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('with service workers refused by the browser, the app works online and says nothing alarming', async () => {
  const browser = await launchBrowser();
  try {
    const { context, page } = await signedInVault(browser, { serviceWorkers: 'block' });
    const problems = watchProblems(page);
    await page.reload();
    await page.getByText('Signed in as VidBoi').waitFor();
    await page.getByRole('heading', { name: /^Kinetic Weapons/ }).waitFor();
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Search items' }).fill('is:exotic is:weapon');
    await page
      .getByRole('status')
      .filter({ hasText: /^\d+ items$/ })
      .waitFor();
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
    assert.deepEqual(
      // A reload cancels the requests still running (its background downloads): not a problem.
      problems.filter((p) => !p.includes('net::ERR_ABORTED')),
      [],
      'errors in the page or its console'
    );
    assert.equal(await page.getByText(/Update available|went wrong/).count(), 0);
    await context.close();
  } finally {
    await browser.close();
  }
});
