import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  deviceDataIn,
  launchBrowser,
  signedInVault,
  simState,
  waitForOwners,
  waitForServiceWorkerControl,
  waitForWholeVault,
  waitUntil
} from './browser.ts';

const HUNTER = '2305843009260802821';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function firstMovableInVault(page: Page): Promise<string> {
  const ids = await page
    .getByRole('region', { name: /^Energy Weapons/ })
    .locator('[data-item-id]')
    .evaluateAll((els) =>
      els
        .filter((e) => !/ exotic/.test(e.getAttribute('aria-label') ?? ''))
        .map((e) => e.getAttribute('data-item-id')!)
    );
  return ids[0]!;
}

async function transferToHunter(page: Page, itemId: string): Promise<void> {
  await page.locator(`main [data-item-id="${itemId}"]`).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Transfer to Hunter', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function carriedOutOnce(itemId: string): Promise<void> {
  const state = await simState();
  assert.equal(state.items.find((i) => i.itemId === itemId)!.owner, HUNTER);
  assert.equal(
    state.actions.filter((a) => a.request.itemId === itemId && a.errorCode === 1).length,
    1
  );
}

/** With nothing kept on the device: says so, shows the whole vault from the network, and moves work. */
async function worksFromMemory(page: Page, reason: string): Promise<void> {
  await waitForWholeVault(page);
  await page
    .getByRole('status')
    .filter({ hasText: `Not saved on this device (${reason})` })
    .waitFor();
  assert.ok((await page.locator('main [data-item-id]').count()) > 300);
  const item = await firstMovableInVault(page);
  await transferToHunter(page, item);
  // Done when Bungie holds the item where the move puts it. The move may take two steps (with the
  // Hunter's slot full, an item goes to the vault first), and its "pending" may come and go, or
  // not be shown yet, by the time a wait for it to go away would look.
  await waitForOwners({ [item]: HUNTER }, 30_000);
  await carriedOutOnce(item);
}

test('the app asks the browser to keep its data, and survives the data being cleared while open without losing a move', async () => {
  const { context, page } = await signedInVault(browser, {
    before: (ctx) =>
      ctx.addInitScript(() => {
        const storage = navigator.storage;
        const persist = storage.persist.bind(storage);
        storage.persist = () => {
          (window as unknown as { __persistAsked: boolean }).__persistAsked = true;
          return persist();
        };
      })
  });
  await waitForServiceWorkerControl(page);
  await waitForWholeVault(page);
  assert.equal(
    await page.evaluate(() => (window as unknown as { __persistAsked?: boolean }).__persistAsked),
    true
  );

  const item = await firstMovableInVault(page);
  await context.setOffline(true);
  await transferToHunter(page, item);
  await page.getByRole('status').filter({ hasText: '1 pending' }).waitFor();

  // The player (or the browser) clears the site's data while the app is open.
  const deleted = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const request = indexedDB.deleteDatabase('vault-raider');
        request.onsuccess = () => resolve('deleted');
        request.onerror = () => resolve('error');
        request.onblocked = () => resolve('blocked');
      })
  );
  assert.equal(deleted, 'deleted');
  // The move the page held is written back to the new, empty database.
  await waitUntil(
    'the move to be written back to the new database',
    () => deviceDataIn(page),
    (data) => data?.outbox.length === 1 && data.outbox[0]!.itemId === item
  );
  await page.getByRole('status').filter({ hasText: '1 pending' }).waitFor();

  // Back online: the move is carried out once and the device fills again from the network.
  await context.setOffline(false);
  await waitForOwners({ [item]: HUNTER }, 60_000).catch(async (error: Error) => {
    throw new Error(
      `${error.message}\ndevice: ${JSON.stringify(await deviceDataIn(page, [item]))}`
    );
  });
  // Making room may have moved a Hunter item into the vault: the count is Bungie's, not one less.
  const inVault = (await simState()).items.filter((i) => i.owner === 'vault').length;
  // The reload below shows, offline, what the rebuilt database holds: wait until it holds no move,
  // the shards, and the profile as Bungie has it after the move.
  await waitUntil(
    'the rebuilt database to hold the vault after the move',
    () => deviceDataIn(page, [item]),
    (data) =>
      data !== null &&
      data.outbox.length === 0 &&
      data.shardIndex &&
      data.profile?.owners[item] === HUNTER &&
      data.profile.inVault === inVault,
    { timeout: 30_000 }
  );
  await carriedOutOnce(item);
  await context.setOffline(true);
  await page.reload();
  await waitForWholeVault(page);
  assert.equal(
    await page.locator('main [data-item-id]').count(),
    inVault,
    'the rebuilt device database holds the whole vault'
  );
  assert.equal(await page.locator(`main [data-item-id="${item}"]`).count(), 0);
  await context.close();
});

test('a browser that will not store anything still gets the whole vault from the network, and moves work', async () => {
  const { context, page } = await signedInVault(browser, {
    before: (ctx) =>
      ctx.addInitScript(() => {
        // As some private modes do: every open fails.
        IDBFactory.prototype.open = function () {
          const request = {
            error: new DOMException('The browser refused to store data.', 'InvalidStateError')
          } as unknown as IDBOpenDBRequest;
          setTimeout(() =>
            request.onerror?.({
              target: request,
              type: 'error',
              preventDefault() {},
              stopPropagation() {}
            } as unknown as Event)
          );
          return request;
        };
      })
  });
  await worksFromMemory(page, 'this browser is not letting it store data');
  await context.close();
});

test('on a full device the app gives up its caches, then memory, and still shows the vault and carries out moves', async () => {
  const { context, page } = await signedInVault(browser, {
    before: async (ctx, first) => {
      const cdp = await ctx.newCDPSession(first);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: appUrl, quotaSize: 200 * 1024 });
    }
  });
  await worksFromMemory(page, 'this device’s storage is full');
  await context.close();
});
