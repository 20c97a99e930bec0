import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { appUrl, launchBrowser, signedInVault, waitForServiceWorkerControl } from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const HUNTER = '2305843009260802821';

/** Every shape of address a player can open directly (a reload, a shared link, the app reopening), and what it must show. */
const routes: { path: string; shows: (page: Page) => Promise<unknown> }[] = [
  {
    path: '/vault',
    shows: (page) => page.getByLabel('Vault space used').filter({ hasText: '467 / 600' }).waitFor()
  },
  {
    path: '/search',
    shows: (page) => page.getByRole('searchbox', { name: 'Search items' }).waitFor()
  },
  {
    path: '/loadouts',
    shows: (page) => page.getByRole('button', { name: 'Save equipped as loadout' }).waitFor()
  },
  { path: '/xur', shows: (page) => page.getByRole('heading', { level: 1, name: 'Xûr' }).waitFor() },
  {
    path: '/settings',
    shows: (page) => page.getByLabel('Import DIM backup').waitFor()
  },
  {
    path: `/characters/${HUNTER}`,
    shows: async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Hunter' }).waitFor();
      await page
        .getByRole('region', { name: 'Kinetic Weapons' })
        .locator('[data-item-id]')
        .first()
        .waitFor();
    }
  },
  // Signed in, the landing page goes on to the vault.
  { path: '/', shows: (page) => page.waitForURL(`${appUrl}/vault`) },
  // Addresses the app has no page for get its own not-found page, at any depth.
  ...['/nowhere', `/characters/${HUNTER}/gear/kinetic`, '/a/b/c/d/e'].map((path) => ({
    path,
    shows: async (page: Page) => {
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      await page.getByRole('link', { name: 'Back to Vault Raider' }).waitFor();
    }
  }))
];

/** Script failures and app code that did not load: what a blank page is made of. */
function watchBreakage(page: Page): string[] {
  const broken: string[] = [];
  page.on('pageerror', (error) => broken.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    const url = new URL(response.url());
    const type = response.headers()['content-type'] ?? '';
    if (
      url.origin === appUrl &&
      url.pathname.includes('/_app/') &&
      url.pathname.endsWith('.js') &&
      !type.includes('javascript')
    )
      broken.push(`${url.pathname} came as ${type}`);
  });
  page.on('requestfailed', (request) => {
    // The app's code and styles; offline, the version check for updates fails as it should, and
    // going on to the next address cancels what the last page was still loading.
    const cancelled = request.failure()?.errorText === 'net::ERR_ABORTED';
    if (
      !cancelled &&
      request.url().includes('/_app/') &&
      /\.(js|css)$/.test(new URL(request.url()).pathname)
    )
      broken.push(`request failed: ${request.url()}`);
  });
  return broken;
}

test('every page opens directly, online and offline, with the service worker in control', async () => {
  const { context, page } = await signedInVault(browser);
  await waitForServiceWorkerControl(page);
  const broken = watchBreakage(page);

  for (const offline of [false, true]) {
    await context.setOffline(offline);
    for (const route of routes) {
      await page.goto(`${appUrl}${route.path}`);
      await route.shows(page);
      assert.equal(
        await page.evaluate(() => navigator.serviceWorker.controller !== null),
        true,
        `${route.path}: the service worker answers it`
      );
      assert.deepEqual(broken, [], `${route.path}${offline ? ' offline' : ''}`);
    }
  }
  await context.close();
});

test('a first visit straight to a deep address works before any service worker is installed', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  const broken = watchBreakage(page);
  for (const path of ['/a/b/c', `/characters/${HUNTER}/more`]) {
    await page.goto(`${appUrl}${path}`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  }
  await page.goto(`${appUrl}/characters/${HUNTER}`);
  // Pages render on the device only, so the app's navigation is there only if its code loaded.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Vault' })
    .waitFor();
  assert.deepEqual(broken, []);
  await context.close();
});
