import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { appUrl, launchBrowser, waitForServiceWorkerControl, waitUntil } from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a new build deployed to the running stack shows "Update available — reload", and reloading takes it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appUrl}/vault`);
  await waitForServiceWorkerControl(page);
  const before = await page.evaluate(async () =>
    (await fetch('/_app/version.json', { cache: 'no-store' })).json()
  );

  // A new build: SvelteKit stamps each with a new version, so the service worker changes too.
  execFileSync(process.execPath, ['node_modules/.bin/vite', 'build', '--logLevel', 'error'], {
    stdio: 'ignore'
  });
  await page.waitForFunction(
    async (old) =>
      (await (await fetch('/_app/version.json', { cache: 'no-store' })).json()).version !== old,
    before.version,
    { timeout: 30_000, polling: 500 }
  );

  // Browsers look for a new worker on navigation; ask now instead of waiting, and again until the
  // local runtime serves the new worker script (it reloads its assets a moment after the build).
  // An update check that meets the old script, or none while the runtime reloads, just finds nothing.
  const prompt = page.getByRole('button', { name: 'Update available — reload' });
  const checkAndLook = async () => {
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update().catch(() => undefined);
    });
    return prompt.isVisible();
  };
  await waitUntil('the update prompt', checkAndLook, (visible) => visible, {
    timeout: 35_000,
    interval: 1_000
  });
  const reloaded = page.waitForEvent('load');
  await prompt.click();
  await reloaded;
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The new worker took over: none is left waiting, so nothing is there to prompt for.
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { registered: registration !== undefined, waiting: registration?.waiting != null };
  });
  assert.deepEqual(worker, { registered: true, waiting: false });
  assert.equal(await prompt.count(), 0);
  await context.close();
});
