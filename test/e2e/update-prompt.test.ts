import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { appUrl, launchBrowser, waitForServiceWorkerControl, waitUntil } from './browser.ts';
import { deployNewBuild } from './deploy.ts';

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
  try {
    await page.goto(`${appUrl}/vault`);
    await waitForServiceWorkerControl(page);
    const before = await page.evaluate(async () =>
      (await fetch('/_app/version.json', { cache: 'no-store' })).json()
    );

    // A new build: SvelteKit stamps each with a new version, so the service worker changes too.
    deployNewBuild();
    // The local runtime reloads as the new files land: it may refuse a request meanwhile.
    await page.waitForFunction(
      async (old) => {
        const answer = await fetch('/_app/version.json', { cache: 'no-store' }).catch(() => null);
        const version = answer?.ok ? ((await answer.json()) as { version: string }).version : old;
        return version !== old;
      },
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
  } finally {
    await context.close();
    // Whatever happened above, the tests after this one need the app up.
    await appSettled();
  }
});

/**
 * The stack serves the new build to the tests after this one: the runtime's watcher may reload
 * again for files the build wrote last, so until two answers in a row, a second apart, come back.
 */
async function appSettled(): Promise<void> {
  let answered = 0;
  await waitUntil(
    'the app serving the new build steadily',
    async () => {
      const ok = await fetch(`${appUrl}/api/health`).then(
        (r) => r.ok,
        () => false
      );
      answered = ok ? answered + 1 : 0;
      return answered;
    },
    (count) => count >= 2,
    { timeout: 60_000, interval: 1_000 }
  );
}
