import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { root } from '../../scripts/lib/stack.ts';
import {
  adminToken,
  appUrl,
  launchBrowser,
  publisherUrl,
  signedInVault,
  simState,
  simUrl,
  waitForServiceWorkerControl,
  waitForWholeVault,
  waitUntil
} from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// A hand cannon in the real profile's vault (instance 6917529257805248292, "Posterity"): its barrel
// and magazine sockets each have a second perk the player can select (component 310).
const POSTERITY = '6917529257805248292';

async function openSheet(page: Page) {
  // The vault renders a section's tiles as it nears the screen.
  await waitForWholeVault(page);
  await page.locator(`main [data-item-id="${POSTERITY}"]`).click();
  const sheet = page.getByRole('dialog', { name: /^Posterity/ });
  await sheet.waitFor();
  return sheet;
}

test("the item sheet shows a real weapon's perks, plugged and selectable, and opens offline", async () => {
  const { context, page } = await signedInVault(browser);
  await waitForServiceWorkerControl(page);

  // The wish list's marks: the real 48klocs list wishes for this Extraordinary Rendition's roll
  // (every perk of a listed roll is plugged or selectable in its sockets), not for Posterity's.
  await waitForWholeVault(page);
  const rendition = page.locator('main [data-item-id="6917529347785123419"]');
  await page
    .locator('main [data-item-id="6917529347785123419"][aria-label*="wish list"]')
    .waitFor({ timeout: 20_000 });
  assert.doesNotMatch(
    (await page.locator(`main [data-item-id="${POSTERITY}"]`).getAttribute('aria-label'))!,
    /wish list|trash list/
  );
  await rendition.click();
  const renditionSheet = page.getByRole('dialog', { name: /^Extraordinary Rendition/ });
  await renditionSheet.getByText(/^On the wish list/).waitFor();
  // The roll's perks are marked on the sheet.
  await renditionSheet
    .getByRole('region', { name: 'Perks' })
    .getByRole('button', { name: /, wished$/ })
    .first()
    .waitFor();
  await renditionSheet.getByRole('button', { name: 'Close' }).click();

  let sheet = await openSheet(page);
  const perks = sheet.getByRole('region', { name: 'Perks' });
  // The perks arrive with the detail shards, downloaded after the vault was painted.
  const plugged = perks.locator('[aria-current="true"]');
  await plugged.filter({ hasText: 'Extended Barrel' }).waitFor({ timeout: 20_000 });
  // Each plugged perk by name (the pages of plugs may land one after another).
  for (const perk of ['Precision Frame', 'Extended Barrel', 'Accurized Rounds', 'Surplus'])
    await plugged.filter({ hasText: perk }).waitFor();
  for (const perk of ['Fluted Barrel', 'Flared Magwell']) {
    const option = perks.getByRole('button', { name: perk, exact: true });
    assert.equal(await option.count(), 1, `${perk} is offered`);
    assert.equal(await option.getAttribute('aria-current'), null, `${perk} is not plugged`);
  }
  // A perk's description on tap.
  const fluted = perks.getByRole('button', { name: 'Fluted Barrel', exact: true });
  await fluted.click();
  assert.equal(await fluted.getAttribute('aria-expanded'), 'true');
  // The real definitions bundled here carry no investment stats for it: no bars, never zeros.
  assert.equal(await sheet.getByRole('region', { name: 'Stats' }).count(), 0);
  // The sheet fits a 390 px phone: inside the viewport, and nothing in it scrolls sideways.
  const fit = await sheet.evaluate((dialog) => ({
    left: dialog.getBoundingClientRect().left,
    right: dialog.getBoundingClientRect().right,
    sideways: dialog.scrollWidth - dialog.clientWidth,
    viewport: window.innerWidth
  }));
  assert.ok(fit.left >= 0 && fit.right <= fit.viewport, JSON.stringify(fit));
  assert.equal(fit.sideways, 0, JSON.stringify(fit));
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/item-sheet.png' });
  await sheet.getByRole('button', { name: 'Close' }).click();

  // With no network, the sheet opens from what the device holds.
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
  sheet = await openSheet(page);
  await sheet
    .getByRole('region', { name: 'Perks' })
    .locator('[aria-current="true"]')
    .filter({ hasText: 'Accurized Rounds' })
    .waitFor();
  assert.equal(
    await sheet
      .getByRole('region', { name: 'Perks' })
      .getByRole('button', { name: 'Flared Magwell' })
      .count(),
    1
  );
  await context.close();
});

const publish = async () => {
  const run = await fetch(`${publisherUrl}/run`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` }
  });
  assert.equal(run.status, 200, await run.text());
};

test('on generated definitions with investment stats, the sheet shows stat bars and the kill tracker, Compare sorts by any stat, and a stack splits', async () => {
  await fetch(`${simUrl}/__sim/reset`, {
    method: 'POST',
    body: JSON.stringify({ dataset: 'generated' })
  });
  try {
    await publish();
    const weapon = (await simState()).items.find(
      (i) => i.owner === 'vault' && i.itemId && (i.itemHash - 3_900_000_000) % 10 <= 2
    )!;
    assert.ok(weapon, 'the generated vault holds a weapon');
    // Signed in on the generated account (a reset keeps the data set it was given).
    const { context, page } = await signedInVault(browser);
    // Tiles far down the vault render as they near the screen: all of them, before finding one.
    await waitForWholeVault(page);
    await page.locator(`main [data-item-id="${weapon.itemId}"]`).click();
    const sheet = page.getByRole('dialog');
    const stats = sheet.getByRole('region', { name: 'Stats' });
    await stats.getByRole('meter', { name: 'Stability' }).waitFor({ timeout: 20_000 });
    for (const name of ['Rounds Per Minute', 'Range', 'Stability', 'Handling']) {
      const value = Number(
        await stats.getByRole('meter', { name, exact: true }).getAttribute('aria-valuenow')
      );
      assert.ok(Number.isInteger(value) && value >= 0, `${name} shows ${value}`);
    }
    // The generated frames add rounds per minute through the group's interpolation (100 to 900).
    const rpm = Number(
      await stats.getByRole('meter', { name: 'Rounds Per Minute' }).getAttribute('aria-valuenow')
    );
    assert.ok(rpm > 100 && rpm < 900, `rounds per minute ${rpm}`);
    // A bar is drawn as long as its value: the filled part of Range's track.
    const filled = await stats
      .getByRole('meter', { name: 'Range', exact: true })
      .evaluate((meter) => {
        const track = meter.querySelector('[aria-hidden="true"]')!.getBoundingClientRect().width;
        const parts = [...meter.querySelectorAll('[aria-hidden="true"] > span')];
        return parts.reduce((sum, part) => sum + part.getBoundingClientRect().width, 0) / track;
      });
    const range = Number(
      await stats.getByRole('meter', { name: 'Range', exact: true }).getAttribute('aria-valuenow')
    );
    assert.ok(Math.abs(filled * 100 - range) < 2, `Range ${range} fills ${filled}`);
    await sheet.getByText(/^Kill Tracker: [\d,]+ Enemies defeated$/).waitFor();
    // The generated account is of the Edge of Fate era: its gear has a tier.
    await sheet.getByRole('img', { name: /^Gear tier [1-5] of 5$/ }).waitFor();
    await page.screenshot({ path: 'test-results/item-sheet-stats.png' });

    // Compare: every weapon of its type, wherever it is, sortable by any stat, in phone portrait.
    const kind = (weapon.itemHash - 3_900_000_000) % 10;
    const sameType = (await simState()).items.filter(
      (i) => i.itemId && (i.itemHash - 3_900_000_000) % 10 === kind
    );
    await sheet.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(`${appUrl}/compare/${weapon.itemId}`);
    await page
      .getByRole('status')
      .filter({ hasText: `${sameType.length} items` })
      .waitFor();
    await page.getByRole('article').first().getByRole('meter', { name: 'Range' }).waitFor();
    await page.getByLabel('Sort by').selectOption({ label: 'Range' });
    const ranges = await page
      .getByRole('article')
      .evaluateAll((articles) =>
        articles.map((a) =>
          Number(a.querySelector('[aria-label="Range"]')?.getAttribute('aria-valuenow'))
        )
      );
    assert.equal(ranges.length, sameType.length);
    assert.deepEqual(
      ranges,
      [...ranges].sort((a, b) => b - a),
      'sorted by range, highest first'
    );
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    assert.equal(sideways, 0, 'nothing wider than the phone');
    await page.screenshot({ path: 'test-results/compare.png' });

    // Armor sets (Edge of Fate): a piece the character wears beside another of its set shows the
    // set's name and bonuses, the 2-piece one active.
    const worn = (await simState()).items.filter((i) => i.equipped && i.armorSet);
    const piece = worn.find((i) =>
      worn.some((o) => o !== i && o.owner === i.owner && o.armorSet === i.armorSet)
    );
    assert.ok(piece, 'a generated character wears two pieces of one set');
    const pieces = worn.filter((o) => o.owner === piece.owner && o.armorSet === piece.armorSet);
    await page.goto(`${appUrl}/characters/${piece.owner}`);
    await page.locator(`main [data-item-id="${piece.itemId}"]`).click();
    const set = page
      .getByRole('dialog')
      .getByRole('region', { name: /^Set bonus: Generated Set \d$/ });
    await set.getByText(`${pieces.length} of its pieces worn`).waitFor({ timeout: 20_000 });
    await set.getByText(/^2-piece: Generated Set \d 2-piece bonus$/).waitFor();
    assert.match(
      (await set.locator('li').first().textContent()) ?? '',
      /\(active\)/,
      'the 2-piece bonus is active'
    );
    await page.keyboard.press('Escape');

    // A stack splits: the amount chosen moves, the rest stays, in one transfer.
    const stack = (await simState()).items.find(
      (i) => i.owner === 'vault' && !i.itemId && i.quantity > 2 && i.transferStatus === 0
    )!;
    assert.ok(stack, 'the generated vault holds a stack');
    const held = (owner: string, state: Awaited<ReturnType<typeof simState>>) =>
      state.items
        .filter((i) => i.itemHash === stack.itemHash && i.owner === owner)
        .reduce((sum, i) => sum + i.quantity, 0);
    const before = await simState();
    await page.goto(`${appUrl}/vault`);
    await waitForWholeVault(page);
    await page.locator(`main [data-item-hash="${stack.itemHash}"]`).first().click();
    const stackSheet = page.getByRole('dialog');
    await stackSheet.getByRole('spinbutton', { name: 'Amount' }).fill('2');
    await stackSheet
      .getByRole('button', { name: /^Transfer to (Hunter|Titan|Warlock)$/ })
      .first()
      .click();
    const after = await waitUntil(
      'two of the stack to leave the vault',
      simState,
      (state) => held('vault', state) === held('vault', before) - 2,
      { show: (state) => ({ vault: held('vault', state), actions: state.actions.slice(-2) }) }
    );
    const moved = after.actions.filter(
      (a) => a.action === 'TransferItem' && a.request.itemReferenceHash === stack.itemHash
    );
    assert.equal(moved.length, 1, JSON.stringify(moved));
    assert.equal(moved[0]!.request.stackSize, 2);
    const to = moved[0]!.request.characterId as string;
    assert.equal(held(to, after), held(to, before) + 2, 'the two reached the character');
    await context.close();
  } finally {
    // The other journeys expect the real account and its published shards.
    await fetch(`${simUrl}/__sim/reset`, {
      method: 'POST',
      body: JSON.stringify({ dataset: 'real' })
    });
    await publish();
  }
});

test("the sheet's code failing to load says so, and the next tap loads it", async () => {
  const manifest = JSON.parse(
    readFileSync(`${root}.svelte-kit/output/client/.vite/manifest.json`, 'utf8')
  ) as Record<string, { file: string }>;
  const code = `**/${manifest['src/routes/SelectedItemSheet.svelte']!.file}`;
  // No service worker: the sheet's code comes from the network, as on a first visit before the
  // worker holds it, and here the network fails it.
  const { context, page } = await signedInVault(browser, {
    serviceWorkers: 'block',
    before: (context) => context.route(code, (route) => route.abort('internetdisconnected'))
  });
  try {
    await waitForWholeVault(page);
    const tile = page.locator(`main [data-item-id="${POSTERITY}"]`);
    await tile.click();
    const problem = page.getByRole('alert').filter({ hasText: /sheet could not be loaded/ });
    await problem.waitFor();
    // Closing it gives focus back to the tile, as closing a sheet does.
    await problem.getByRole('button', { name: 'Close' }).click();
    await problem.waitFor({ state: 'detached' });
    await page.waitForFunction(
      (id) =>
        document.activeElement?.closest('[data-item-id]')?.getAttribute('data-item-id') === id,
      POSTERITY
    );
    await tile.click();
    await problem.waitFor();

    // Back online: a tap on the same tile, with the notice still up, loads the sheet.
    await context.unroute(code);
    await tile.click();
    await page.getByRole('dialog', { name: /^Posterity/ }).waitFor();
    assert.equal(await problem.count(), 0);
  } finally {
    await context.close();
  }
});
