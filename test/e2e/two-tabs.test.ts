import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  appRegistrationId,
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
const WARLOCK = '2305843009260802822';
const TITAN = '2305843009260802823';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function act(page: Page, itemId: string, action: string) {
  await page.locator(`main [data-item-id="${itemId}"]`).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

const vaultIds = (page: Page) =>
  page
    .locator('main [data-item-id]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')!).sort());

test('two tabs and the service worker share one queue and one runner: every move is carried out exactly once', async () => {
  const { context, page: first } = await signedInVault(browser);
  await waitForServiceWorkerControl(first);
  await waitForWholeVault(first);
  const second = await context.newPage();
  await second.goto(`${appUrl}/vault`);
  await waitForWholeVault(second);

  const tiles = await first
    .getByRole('region', { name: /^Energy Weapons/ })
    .locator('[data-item-id]')
    .evaluateAll((els) =>
      els
        .filter((e) => !/ exotic/.test(e.getAttribute('aria-label') ?? ''))
        .map((e) => e.getAttribute('data-item-id')!)
    );
  const [a, b, c, d] = tiles;
  const expected: Record<string, string> = {
    [a!]: HUNTER,
    [b!]: WARLOCK,
    [c!]: TITAN,
    [d!]: HUNTER
  };

  // Moves made in both tabs while offline: each tab sees the other's at once.
  await context.setOffline(true);
  await act(first, a!, 'Transfer to Hunter');
  await act(second, b!, 'Transfer to Warlock');
  await act(first, c!, 'Transfer to Titan');
  await act(second, d!, 'Transfer to Hunter');
  for (const page of [first, second])
    await page.getByRole('status').filter({ hasText: '4 pending' }).waitFor();

  // The network returns: both tabs' runners start, and the browser wakes the service worker too.
  const cdp = await context.newCDPSession(first);
  const registrationId = await appRegistrationId(cdp);
  await context.setOffline(false);
  // A sync the worker rejects (a tab holds the moves) is fired again later by the browser: no error here.
  const sync = () =>
    cdp
      .send('ServiceWorker.dispatchSyncEvent', {
        origin: appUrl,
        registrationId,
        tag: 'vault-raider-moves',
        lastChance: false
      })
      .catch(() => undefined);
  await Promise.all([
    sync(),
    first.evaluate(() => dispatchEvent(new Event('online'))),
    second.evaluate(() => dispatchEvent(new Event('online'))),
    sync()
  ]);

  // Bungie holds every item where its move puts it, and the shared outbox is empty: only then is
  // every action there will be in the simulator's log, to count.
  await waitForOwners(expected, 60_000);
  await waitUntil(
    'the device to hold no moves',
    () => deviceDataIn(first),
    (data) => data?.outbox.length === 0,
    { timeout: 30_000 }
  );

  const state = await simState();
  for (const [id, owner] of Object.entries(expected)) {
    assert.equal(state.items.find((i) => i.itemId === id)!.owner, owner, `${id} reached its owner`);
    const sent = state.actions.filter((x) => x.request.itemId === id);
    assert.equal(sent.length, 1, `${id} was sent to Bungie once, not ${sent.length} times`);
    assert.equal(sent[0]!.errorCode, 1);
  }
  // One snapshot: both tabs show the same vault, without the moved items. Each tab takes what the
  // other stored as it hears of it: wait until each shows as many items as Bungie's vault holds
  // (making room may have brought some in) and none of the moved ones.
  const inVault = state.items.filter((i) => i.owner === 'vault').length;
  const moved = Object.keys(expected);
  await first.reload();
  const [shownFirst, shownSecond] = await waitUntil(
    `both tabs to show the ${inVault} items of Bungie's vault, without ${moved.join(', ')}`,
    async () => {
      await waitForWholeVault(first);
      await waitForWholeVault(second);
      return [await vaultIds(first), await vaultIds(second)] as const;
    },
    (tabs) => tabs.every((ids) => ids.length === inVault && !moved.some((id) => ids.includes(id))),
    {
      show: (tabs) =>
        tabs.map((ids) => ({ shown: ids.length, moved: moved.filter((id) => ids.includes(id)) }))
    }
  );
  assert.deepEqual(shownFirst, shownSecond);
  await context.close();
});
