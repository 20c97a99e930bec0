import type { Page } from 'playwright-core';
import type { Stack } from '../scripts/lib/stack.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/lib/chromium.ts';

/**
 * Signs in as a player does from the home page and waits until the vault shows fresh data and the
 * service worker is active: from then on the browser is a returning player's (worker installed, the
 * shards and the profile on the device).
 */
export async function signInToVault(page: Page, stack: Pick<Stack, 'appUrl'>): Promise<void> {
  await page.goto(`${stack.appUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${stack.appUrl}/vault`);
  await page.waitForFunction(
    () => performance.getEntriesByName('vault-fresh').length > 0,
    undefined,
    { timeout: 60_000 }
  );
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/**
 * Signs in without opening a page of the app: Bungie's consent returns to a JSON route instead of the
 * vault, so the browser holds the session cookie and nothing else of the app (no service worker, no
 * storage, nothing cached). The next visit to the vault is a signed-in player's first. Checked, since
 * every first-visit figure depends on it.
 */
export async function signInOnly(page: Page, stack: Pick<Stack, 'appUrl'>): Promise<void> {
  const landing = `${stack.appUrl}/api/health`;
  await page.goto(`${stack.appUrl}/api/auth/login?returnTo=${encodeURIComponent('/api/health')}`);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(landing);
  const held = await page.evaluate(async () => ({
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
    localStorage: localStorage.length
  }));
  if (Object.values(held).some((n) => n > 0))
    throw new Error(
      `Not a first visit: the browser already holds ${JSON.stringify(held)} of the app`
    );
  const cookies = await page.context().cookies(stack.appUrl);
  if (!cookies.some((c) => c.name === '__Host-vr_session'))
    throw new Error('The sign-in left no session cookie');
}
