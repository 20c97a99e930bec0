import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  appUrl,
  launchBrowser,
  signInFromHome,
  simUrl,
  waitForServiceWorkerControl,
  waitForWholeVault
} from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('with no network, a reload still shows the whole vault from the device, icons included', async () => {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  await signInFromHome(page);
  await page
    .getByLabel('Vault space used')
    .filter({ hasText: '467 / 600' })
    .waitFor({ timeout: 20_000 });

  // Once the service worker controls the page, what it shows is cached as it is shown.
  await waitForServiceWorkerControl(page);
  await page.getByLabel('Vault space used').filter({ hasText: '467 / 600' }).waitFor();
  const firstIcon = page.locator('main [data-item-id] img').first();
  await firstIcon.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('main [data-item-id] img') as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0;
  });

  // Icons are kept as CORS responses, never opaque ones: a browser counts each opaque response in
  // the cache as megabytes of the site's quota, and a full quota refuses the moves queued beside.
  const kept = await page.evaluate(async () => {
    const cache = await caches.open('icons-v2');
    const keys = await cache.keys();
    const types = await Promise.all(keys.map(async (key) => (await cache.match(key))!.type));
    return {
      icons: keys.length,
      types: [...new Set(types)],
      ...(await navigator.storage.estimate())
    };
  });
  assert.ok(kept.icons > 0, 'icons are kept for offline use');
  assert.deepEqual(kept.types, ['cors']);
  assert.ok(kept.usage! < 100 * 1024 * 1024, `the site uses ${kept.usage} bytes`);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
  await page.getByLabel('Vault space used').filter({ hasText: '467 / 600' }).waitFor();
  await waitForWholeVault(page);
  assert.equal(await page.locator('main [data-item-id]').count(), 467);
  await page.getByRole('heading', { name: /^Kinetic Weapons/ }).waitFor();
  // The wait is the check: it fails unless an icon loads (from the service worker's cache).
  await page.waitForFunction(() => {
    const img = document.querySelector('main [data-item-id] img') as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0;
  });

  // A character page, offline: its equipped items, inventory and postmaster, from the device.
  await page.getByRole('link', { name: /^Hunter/ }).click();
  await page.waitForURL(`${appUrl}/characters/2305843009260802821`);
  await page.getByRole('region', { name: 'Kinetic Weapons' }).waitFor();
  assert.equal(await page.locator('main [data-item-id][aria-label*="equipped"]').count(), 17);
  await page.getByRole('heading', { name: /^Postmaster/ }).waitFor();
  await page.screenshot({ path: 'test-results/character-offline.png' });

  // A cold navigation offline works too: the shell comes from the service worker.
  await page.goto(`${appUrl}/vault`);
  await page.getByLabel('Vault space used').filter({ hasText: '467 / 600' }).waitFor();
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/vault-offline.png' });

  // The network comes back: the app refreshes by itself, and says the vault is fresh, not offline.
  // Nothing changed in the account meanwhile: the device's tag gets a 304 (no body), a change a 200.
  const refreshed = page.waitForResponse(
    (r) => r.url().endsWith('/api/profile') && (r.status() === 200 || r.status() === 304)
  );
  await context.setOffline(false);
  await refreshed;
  await page
    .getByRole('status')
    .filter({ hasText: /^Updated just now$/ })
    .waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: 'Offline' }).count(), 0);
  await context.close();
});
