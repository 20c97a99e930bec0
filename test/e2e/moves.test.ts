// Over 200 lines: the move journeys share one browser and stack, started once for the file.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  appRegistrationId,
  appUrl,
  deviceDataIn,
  itemReport,
  launchBrowser,
  signedInVault,
  simState,
  simUrl,
  waitForOwners,
  waitForServiceWorkerControl,
  waitForSim,
  waitForWholeVault,
  waitUntil,
  watchProblems
} from './browser.ts';

const HUNTER = '2305843009260802821';
const WARLOCK = '2305843009260802822';
const TITAN = '2305843009260802823';
const KINETIC = 1498876634;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Vault tiles of a section that anyone can carry (not exotic), by id. */
async function vaultTiles(page: Page, section: string, count: number): Promise<string[]> {
  const tiles = page
    .getByRole('region', { name: new RegExp(`^${section}`) })
    .locator('[data-item-id]');
  const labelled = await tiles.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-item-id')!, e.getAttribute('aria-label') ?? ''])
  );
  return labelled
    .filter(([, label]) => !/ exotic/.test(label!))
    .slice(0, count)
    .map(([id]) => id!);
}

async function act(page: Page, itemId: string, action: string | RegExp) {
  await page.locator(`main [data-item-id="${itemId}"]`).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog
    .getByRole(
      'button',
      typeof action === 'string' ? { name: action, exact: true } : { name: action }
    )
    .click();
  await dialog.waitFor({ state: 'detached' });
}

test('moves made offline survive a reload and are carried out once each when the network returns', async () => {
  const { context, page } = await signedInVault(browser);
  await waitForServiceWorkerControl(page);
  const problems = watchProblems(page);
  const notFound: string[] = [];
  page.on('response', (r) => void (r.status() === 404 && notFound.push(r.url())));
  await waitForWholeVault(page);

  const before = await simState();
  const onHunter = before.items.find(
    (i) =>
      i.owner === HUNTER &&
      i.bucketHash === KINETIC &&
      i.location === 1 &&
      !i.equipped &&
      i.itemId &&
      (i.transferStatus & 2) === 0
  )!;
  const [a, b, c, e] = await vaultTiles(page, 'Energy Weapons', 4);
  const lockedBefore = (before.items.find((i) => i.itemId === e)!.state & 1) === 1;

  await context.setOffline(true);
  await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
  await act(page, a!, 'Transfer to Hunter');
  await act(page, b!, 'Equip on Warlock');
  await act(page, c!, 'Transfer to Titan');
  await page.getByRole('status').filter({ hasText: '3 pending' }).waitFor();
  // Shown at once where they are going: no longer in the vault (whose tiles are all rendered).
  assert.equal(await page.locator(`main [data-item-id="${a}"]`).count(), 0);

  // A reload with no network keeps the queue.
  await page.reload();
  await page.getByRole('status').filter({ hasText: '3 pending' }).waitFor();
  // Sections render as the player scrolls to them.
  await waitForWholeVault(page);
  await act(page, e!, lockedBefore ? 'Unlock' : 'Lock');
  await page.getByRole('link', { name: /^Hunter/ }).click();
  await page.getByRole('region', { name: 'Kinetic Weapons' }).waitFor();
  // The item moved to the Hunter is there already, marked pending.
  assert.match(
    (await page.locator(`main [data-item-id="${a}"]`).getAttribute('aria-label')) ?? '',
    /pending/
  );
  await act(page, onHunter.itemId!, 'Transfer to Vault');
  await page.getByRole('status').filter({ hasText: '5 pending' }).waitFor();

  await context.setOffline(false);
  // Bungie has carried out all five, and the device holds none any more: only then is every
  // action there will be in the simulator's log, to count. The device keeps the newest profile it
  // heard, which may predate the last moves until the read that follows them: the next visit paints
  // from it, so that waits for it to hold each moved item where Bungie has it.
  const places = { [a!]: HUNTER, [b!]: WARLOCK, [c!]: TITAN, [onHunter.itemId!]: 'vault' };
  await waitForSim(
    'the five moves carried out',
    [...Object.keys(places), e!],
    (state) => {
      const at = (id: string) => state.items.find((i) => i.itemId === id);
      const locked = ((at(e!)?.state ?? 0) & 1) === 1;
      return (
        Object.entries(places).every(([id, owner]) => at(id)?.owner === owner) &&
        at(b!)?.equipped === true &&
        locked === !lockedBefore
      );
    },
    60_000
  );
  await waitUntil(
    'the device to hold no moves, and the items where Bungie has them',
    () => deviceDataIn(page, Object.keys(places)),
    (data) =>
      data?.outbox.length === 0 &&
      Object.entries(places).every(([id, owner]) => data.profile?.owners[id] === owner),
    { timeout: 30_000 }
  );

  const after = await simState();
  const where = (id: string) => after.items.find((i) => i.itemId === id)!;
  assert.equal(where(a!).owner, HUNTER);
  assert.equal(where(b!).owner, WARLOCK);
  assert.equal(where(b!).equipped, true);
  assert.equal(where(c!).owner, TITAN);
  assert.equal(where(onHunter.itemId!).owner, 'vault');
  assert.equal((where(e!).state & 1) === 1, !lockedBefore);
  // Each action happened once: no successful action repeated, each moved item transferred once.
  const done = after.actions
    .filter((x) => x.errorCode === 1)
    .map((x) => `${x.action} ${JSON.stringify(x.request)}`);
  assert.equal(new Set(done).size, done.length, `repeated actions: ${done.join('\n')}`);
  for (const id of [a, b, c, onHunter.itemId]) {
    assert.equal(
      after.actions.filter(
        (x) => x.errorCode === 1 && x.action === 'TransferItem' && x.request.itemId === id
      ).length,
      1,
      `one transfer of ${id}`
    );
  }

  // The page agrees, on the next visit too.
  await page.goto(`${appUrl}/vault`);
  await waitForWholeVault(page);
  assert.equal(await page.locator(`main [data-item-id="${a}"]`).count(), 0);
  assert.doesNotMatch(
    (await page.locator(`main [data-item-id="${onHunter.itemId}"]`).getAttribute('aria-label')) ??
      '',
    /pending/
  );
  assert.deepEqual(
    problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR/.test(p)),
    [],
    notFound.join('\n')
  );
  await context.close();
});

test('a move the game refuses shows its message, and the item back where it is', async () => {
  const { context, page } = await signedInVault(browser);
  await waitForWholeVault(page);
  const [f] = await vaultTiles(page, 'Energy Weapons', 1);

  await fetch(`${simUrl}/__sim/faults`, {
    method: 'POST',
    body: JSON.stringify({ failNext: { code: 1642 } })
  });
  await act(page, f!, 'Transfer to Hunter');
  await page
    .getByRole('alert')
    .filter({ hasText: 'There is no room for that item there.' })
    .waitFor({ timeout: 30_000 });
  await page.getByRole('status').filter({ hasText: '0 pending, 1 failed' }).waitFor();
  // Back in the vault, not pending.
  await page
    .getByRole('region', { name: /^Energy Weapons/ })
    .locator(`[data-item-id="${f}"]:not([aria-label*="pending"])`)
    .waitFor();
  assert.equal((await simState()).items.find((i) => i.itemId === f)!.owner, 'vault');

  // The list says what failed; Dismiss clears it.
  await page.getByRole('button', { name: /0 pending, 1 failed/ }).click();
  const list = page.getByRole('region', { name: 'Moves' });
  await list.getByText('There is no room for that item there.').waitFor();
  await list.getByRole('button', { name: 'Dismiss' }).click();
  // The move leaves the device, and its badge (shown until now: it was just clicked) goes with it.
  await waitUntil(
    'the dismissed move to leave the device',
    () => deviceDataIn(page),
    (data) => data?.outbox.length === 0
  );
  await page
    .getByRole('status')
    .filter({ hasText: /failed/ })
    .waitFor({ state: 'detached' });
  await context.close();
});

test('with the app closed, the service worker carries out queued moves when woken by Background Sync', async () => {
  const { context, page } = await signedInVault(browser);
  await waitForServiceWorkerControl(page);
  await waitForWholeVault(page);
  const [g] = await vaultTiles(page, 'Energy Weapons', 1);

  await context.setOffline(true);
  await act(page, g!, 'Transfer to Titan');
  await page.getByRole('status').filter({ hasText: '1 pending' }).waitFor();
  // The player closes the app; its service worker stays registered.
  await page.close();
  await context.setOffline(false);

  // What the browser does when the network is back: fire the sync the app registered. A blank
  // page only gives the DevTools session; nothing of the app runs in it.
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  const registrationId = await appRegistrationId(cdp);
  // A sync that finds the move still waiting (an earlier try met no network) fails, and the browser
  // fires it again later; here, every 3 s, until Bungie holds the item where the move puts it. A
  // sync the worker rejects is such a failure, so its rejection is no error here.
  let lastSync = -Infinity;
  const syncAndRead = async () => {
    if (Date.now() - lastSync >= 3_000) {
      lastSync = Date.now();
      await cdp
        .send('ServiceWorker.dispatchSyncEvent', {
          origin: appUrl,
          registrationId,
          tag: 'vault-raider-moves',
          lastChance: false
        })
        .catch(() => undefined);
    }
    return simState();
  };
  await waitUntil(
    'the service worker to carry out the move',
    syncAndRead,
    (state) => state.items.find((i) => i.itemId === g)?.owner === TITAN,
    { timeout: 30_000, show: (state) => itemReport(state, g!) }
  );
  // Opening the app again: nothing pending, the item where it went. The worker stores the profile
  // after the move, then clears the move; once the device holds both, a load paints from them.
  const again = await context.newPage();
  await again.goto(`${appUrl}/vault`);
  await waitUntil(
    'the device to hold no move and the item with the Titan',
    () => deviceDataIn(again, [g!]),
    (data) => data?.outbox.length === 0 && data.profile?.owners[g!] === TITAN
  );
  await again.reload();
  await waitForWholeVault(again);
  assert.equal(await again.locator(`main [data-item-id="${g}"]`).count(), 0);
  assert.equal(
    await again
      .getByRole('status')
      .filter({ hasText: /pending/ })
      .count(),
    0
  );
  await context.close();
});

test('dragging a tile onto a character moves it there, with a mouse and with a finger', async () => {
  const { context, page } = await signedInVault(browser, { hasTouch: true });
  await waitForWholeVault(page);
  const [byMouse, byFinger] = await vaultTiles(page, 'Kinetic Weapons', 2);
  const centre = async (selector: string) => {
    const box = (await page.locator(selector).first().boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };

  // Mouse: press, move onto the Warlock's banner, release.
  const from = await centre(`main [data-item-id="${byMouse}"]`);
  const to = await centre(`main [data-drop-owner="${WARLOCK}"]`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y - 20, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  assert.equal(await page.getByRole('dialog').count(), 0, 'a drag is not a tap');
  // The tiles after it move up once the move is shown, and again if making room brings an item into
  // the vault: the finger aims at the tile where it is once the device holds that move as done.
  await waitForOwners({ [byMouse!]: WARLOCK });
  await waitUntil(
    'the first move to be done on the device',
    () => deviceDataIn(page, [byMouse!]),
    (data) => data?.outbox.length === 0 && data.profile?.owners[byMouse!] === WARLOCK
  );

  // Finger: hold, then drag onto the Titan's banner.
  const cdp = await context.newCDPSession(page);
  const start = await centre(`main [data-item-id="${byFinger}"]`);
  const end = await centre(`main [data-drop-owner="${TITAN}"]`);
  await cdp.send('Input.dispatchTouchEvent', {
    type: 'touchStart',
    touchPoints: [{ x: start.x, y: start.y }]
  });
  // A held finger starts the drag (the page marks the document); moving sooner would scroll.
  await page.waitForFunction(() => document.documentElement.classList.contains('dragging-item'));
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [
        { x: start.x + ((end.x - start.x) * i) / 8, y: start.y + ((end.y - start.y) * i) / 8 }
      ]
    });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });

  await waitForOwners({ [byMouse!]: WARLOCK, [byFinger!]: TITAN });
  assert.equal(await page.getByRole('dialog').count(), 0, 'a drag is not a tap');
  await context.close();
});
