import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  deviceDataIn,
  launchBrowser,
  signedInVault,
  simState,
  waitForServiceWorkerControl,
  waitForSim,
  waitUntil,
  type SimState
} from './browser.ts';

const HUNTER = '2305843009260802821';
const WARLOCK = '2305843009260802822';
const KINETIC = 1498876634;
const ENERGY = 2465295065;
const HELMET = 3448274439;
/** The buckets farming keeps room in: the weapons, then the armor. */
const FARMED = [
  1498876634, 2465295065, 953998645, 3448274439, 3551918588, 14239492, 20886954, 1585787867
];

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

interface EdgeLoadout {
  id: string;
  name: string;
  classType: number;
  equipped: { id: string; hash: number }[];
  unequipped: { id: string; hash: number }[];
}

/** The loadouts the edge holds for the signed-in player, read the way the app reads them. */
const edgeLoadouts = (page: Page) =>
  page.evaluate(
    async () =>
      ((await (await fetch('/api/player-data')).json()) as { loadouts: unknown[] }).loadouts
  ) as Promise<EdgeLoadout[]>;

/** Opens an item's sheet on the page shown and chooses an action. */
async function act(page: Page, itemId: string, action: string) {
  await page.locator(`main [data-item-id="${itemId}"]`).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

const equippedOn = (state: SimState, owner: string, bucketHash: number) =>
  state.items.find((i) => i.owner === owner && i.bucketHash === bucketHash && i.equipped)!;

/** Successful Bungie actions, each as the request it was. */
const succeeded = (state: SimState) =>
  state.actions
    .filter((a) => a.errorCode === 1)
    .map((a) => `${a.action} ${JSON.stringify(a.request)}`);

test('a loadout saved from the Hunter, scattered, applied offline and through a reload, is back on the Hunter once', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await waitForServiceWorkerControl(page);
    // Navigations and the network going away cancel fetches; script errors are what must not happen.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.getByRole('link', { name: 'Loadouts' }).click();
    await page.getByRole('combobox', { name: 'Character' }).selectOption({ label: 'Hunter' });
    await page.getByLabel('Name', { exact: true }).fill('Raid');
    await page.getByRole('button', { name: 'Save equipped as loadout' }).click();
    const card = page.getByRole('article', { name: 'Raid' });
    await card.waitFor();
    const [saved] = await waitUntil(
      'the loadout at the edge',
      () => edgeLoadouts(page),
      (l) => l.length === 1
    );
    assert.equal(saved!.classType, 1);

    // What the Hunter has equipped in the slots a loadout holds (weapons, armor, subclass, ghost…,
    // not the artifact or the clan banner) is the loadout.
    const start = await simState();
    const kinetic = equippedOn(start, HUNTER, KINETIC).itemId!;
    const energy = equippedOn(start, HUNTER, ENERGY).itemId!;
    const helmet = equippedOn(start, HUNTER, HELMET).itemId!;
    const savedIds = saved!.equipped.map((ref) => ref.id);
    const hunterEquipped = new Set(
      start.items.filter((i) => i.owner === HUNTER && i.equipped).map((i) => i.itemId)
    );
    assert.ok(savedIds.length >= 8, savedIds.join());
    assert.ok(savedIds.every((id) => hunterEquipped.has(id)));
    for (const id of [kinetic, energy, helmet]) assert.ok(savedIds.includes(id), id);

    // Scatter three of them: to the vault, to the Warlock, to the vault.
    await page.goto(page.url().replace('/loadouts', `/characters/${HUNTER}`));
    await page.getByRole('region', { name: 'Kinetic Weapons' }).waitFor();
    await act(page, kinetic, 'Transfer to Vault');
    await act(page, energy, 'Transfer to Warlock');
    await act(page, helmet, 'Transfer to Vault');
    const places = { [kinetic]: 'vault', [energy]: WARLOCK, [helmet]: 'vault' };
    await waitForSim(
      'the three items scattered',
      Object.keys(places),
      (state) =>
        Object.entries(places).every(
          ([id, owner]) => state.items.find((i) => i.itemId === id)?.owner === owner
        ),
      60_000
    );
    await waitUntil(
      'the device to hold no moves',
      () => deviceDataIn(page),
      (data) => data?.outbox.length === 0
    );
    const beforeApply = succeeded(await simState()).length;

    // Offline: apply, reload, and the application is still there, item by item.
    await page.goto(page.url().replace(`/characters/${HUNTER}`, '/loadouts'));
    await card.waitFor();
    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
    await card.getByRole('button', { name: 'Apply to Hunter' }).click();
    const progress = card.getByRole('status').filter({ hasText: /^Applying Raid: 0 of 3/ });
    await progress.waitFor();
    await page.reload();
    await progress.waitFor();
    await page.screenshot({ path: 'test-results/loadouts-applying.png', fullPage: true });
    const queued = await deviceDataIn(page);
    assert.ok(queued!.outbox.length >= 3, `moves queued: ${queued!.outbox.length}`);

    await context.setOffline(false);
    const done = await waitForSim(
      'every item of the loadout equipped on the Hunter',
      saved!.equipped.map((ref) => ref.id),
      (state) =>
        saved!.equipped.every((ref) => {
          const item = state.items.find((i) => i.itemId === ref.id);
          return item?.owner === HUNTER && item.equipped;
        }),
      60_000
    );
    await waitUntil(
      'the device to hold no moves',
      () => deviceDataIn(page),
      (data) => data?.outbox.length === 0
    );
    // Each Bungie action of the application happened once.
    const actions = succeeded(await simState()).slice(beforeApply);
    assert.equal(new Set(actions).size, actions.length, actions.join('\n'));
    assert.ok(actions.length >= 6, actions.join('\n'));
    assert.ok(done.items.find((i) => i.itemId === energy)?.owner === HUNTER);
    assert.deepEqual(errors, []);

    // Deleted, it leaves the edge too (and the player's data as the other journeys expect it).
    await card.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted Raid.' }).waitFor();
    await waitUntil(
      'no loadout at the edge',
      () => edgeLoadouts(page),
      (l) => l.length === 0
    );
  } finally {
    await context.close();
  }
});

test('farming keeps the free slots asked for in every weapon and armor bucket, until stopped', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.getByRole('link', { name: 'Loadouts' }).click();
    const farming = page.getByRole('region', { name: 'Farming' });
    await farming.getByLabel('Farm on').selectOption({ label: 'Hunter' });
    await farming.getByLabel('Free slots').fill('3');
    await farming.getByRole('button', { name: 'Start farming' }).click();
    const status = farming.getByRole('status');
    await status.filter({ hasText: /^Farming on Hunter: 3 slots kept free/ }).waitFor();
    // Every weapon and armor bucket of the Hunter (10 slots each, the equipped one included)
    // ends with at most 7 items, the equipped one still there.
    const held = (state: SimState, bucketHash: number) =>
      state.items.filter((i) => i.owner === HUNTER && i.bucketHash === bucketHash);
    const done = await waitForSim(
      'three free slots in each bucket of the Hunter',
      [],
      (state) => FARMED.every((bucket) => held(state, bucket).length <= 7),
      60_000
    );
    for (const bucket of FARMED)
      assert.equal(held(done, bucket).filter((i) => i.equipped).length, 1, `bucket ${bucket}`);
    const sent = done.actions.filter(
      (a) => a.action === 'TransferItem' && a.errorCode === 1 && a.request.transferToVault === true
    ).length;
    assert.ok(sent > 0);
    await status.filter({ hasText: new RegExp(`${sent} items? sent to the vault`) }).waitFor();
    await farming.getByRole('button', { name: 'Stop farming' }).click();
    await farming.getByRole('button', { name: 'Start farming' }).waitFor();
  } finally {
    await context.close();
  }
});

test("an in-game loadout: the Hunter's equipped set saved into a slot, one item sent away, equipped again offline through Bungie's EquipLoadout", async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.getByRole('link', { name: 'Loadouts' }).click();
    const hunter = page.getByRole('region', { name: 'In-game loadouts: Hunter' });
    await hunter.getByText('10 slots, 0 in use.').waitFor();
    await hunter.getByRole('button', { name: 'Save equipped into Slot 1', exact: true }).click();
    await hunter
      .getByRole('combobox', { name: /^Name/ })
      .selectOption({ label: 'Simulated name 3' });
    await hunter.getByRole('button', { name: 'Save', exact: true }).click();
    await hunter
      .getByRole('listitem', { name: 'Simulated name 3' })
      .getByRole('status')
      .filter({ hasText: 'Saved what it has equipped.' })
      .waitFor();
    // Renamed, its items kept (Bungie's UpdateLoadoutIdentifiers).
    await hunter.getByRole('button', { name: 'Rename Simulated name 3' }).click();
    await hunter
      .getByRole('combobox', { name: /^Name/ })
      .selectOption({ label: 'Simulated name 5' });
    await hunter.getByRole('button', { name: 'Save', exact: true }).click();
    const slot = hunter.getByRole('listitem', { name: 'Simulated name 5' });
    await slot.getByRole('status').filter({ hasText: 'Renamed.' }).waitFor();
    const saved = await simState();
    const slotItems = (
      saved as SimState & {
        inGameLoadouts: Record<string, { items: { itemInstanceId: string }[] }[]>;
      }
    ).inGameLoadouts[HUNTER]![0]!.items.map((i) => i.itemInstanceId);
    const kinetic = equippedOn(saved, HUNTER, KINETIC).itemId!;
    assert.ok(slotItems.includes(kinetic));

    // The kinetic weapon goes to the vault, from its tile in the slot.
    await slot.locator(`[data-item-id="${kinetic}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Transfer to Vault', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForSim('the kinetic weapon in the vault', [kinetic], (state) =>
      state.items.some((i) => i.itemId === kinetic && i.owner === 'vault')
    );
    await waitUntil(
      'the device to hold no moves',
      () => deviceDataIn(page),
      (data) => data?.outbox.length === 0
    );

    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
    await slot.getByRole('button', { name: 'Equip Simulated name 5 on Hunter' }).click();
    await slot
      .getByRole('status')
      .filter({ hasText: /^Applying Simulated name 5: \d+ of \d+/ })
      .waitFor();
    await context.setOffline(false);
    const done = await waitForSim(
      'EquipLoadout carried out, the kinetic weapon equipped on the Hunter',
      [kinetic],
      (state) =>
        state.actions.some((a) => a.action === 'EquipLoadout' && a.errorCode === 1) &&
        state.items.some((i) => i.itemId === kinetic && i.owner === HUNTER && i.equipped),
      60_000
    );
    const equips = done.actions.filter((a) => a.action === 'EquipLoadout' && a.errorCode === 1);
    assert.equal(equips.length, 1);
    assert.deepEqual(equips[0]!.request.loadoutIndex, 0);
    for (const id of slotItems)
      assert.ok(
        done.items.some((i) => i.itemId === id && i.owner === HUNTER && i.equipped),
        `${id} equipped on the Hunter`
      );
  } finally {
    await context.close();
  }
});
