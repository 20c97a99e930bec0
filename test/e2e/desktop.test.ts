import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signedInVault, simState, waitForOwners } from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const HUNTER = '2305843009260802821';
const WARLOCK = '2305843009260802822';
const KINETIC = 1498876634;

/** A vault tile of a row anyone can carry (not exotic). */
async function vaultTileOf(page: Page, row: string): Promise<string | undefined> {
  const ids = await page
    .getByRole('group', { name: `${row} · Vault` })
    .locator('[data-item-id]')
    .evaluateAll((els) =>
      els
        .filter((e) => !/ exotic/.test(e.getAttribute('aria-label') ?? ''))
        .map((e) => e.getAttribute('data-item-id')!)
    );
  return ids[0];
}

const centre = async (page: Page, selector: string) => {
  const box = (await page.locator(selector).first().boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

test('at 1280 px the characters are columns beside the vault, every bucket a row, and tiles drag between columns with the page scrolling under them', async () => {
  const { context, page } = await signedInVault(browser, {
    viewport: { width: 1280, height: 900 }
  });
  try {
    const hunterKinetic = page.getByRole('group', { name: 'Kinetic Weapons · Hunter' });
    await hunterKinetic.waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1280);
    // Each cell holds what the simulator says that owner has in that bucket.
    const state = await simState();
    const onHunter = state.items.filter(
      (i) => i.owner === HUNTER && i.bucketHash === KINETIC && i.location !== 4
    ).length;
    assert.equal(await hunterKinetic.locator('[data-item-id]').count(), onHunter);
    for (const owner of ['Hunter', 'Titan', 'Warlock', 'Vault'])
      await page.getByRole('group', { name: `Energy Weapons · ${owner}` }).waitFor();

    // A mouse drag from the vault's column into the Warlock's, in the same row.
    const first = (await vaultTileOf(page, 'Kinetic Weapons'))!;
    const from = await centre(page, `main [data-item-id="${first}"]`);
    const to = await centre(page, `[role="group"][aria-label="Kinetic Weapons · Warlock"]`);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 3 });
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await waitForOwners({ [first]: WARLOCK });

    // From far down the page to the Hunter's column head: held at the top edge, the page scrolls.
    const row = ['Class Armor', 'Leg Armor', 'Chest Armor'];
    let far: string | undefined;
    for (const name of row) far ??= await vaultTileOf(page, name);
    assert.ok(far, 'a vault armor piece to drag');
    await page.locator(`main [data-item-id="${far}"]`).scrollIntoViewIfNeeded();
    assert.ok((await page.evaluate(() => scrollY)) > 300, 'the tile is far down the page');
    const start = await centre(page, `main [data-item-id="${far}"]`);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 10, start.y - 20, { steps: 3 });
    await page.mouse.move(start.x, 4, { steps: 6 });
    await page.waitForFunction(() => scrollY === 0);
    const banner = await centre(page, `main [data-drop-owner="${HUNTER}"]`);
    await page.mouse.move(banner.x, banner.y, { steps: 4 });
    await page.mouse.up();
    await waitForOwners({ [far]: HUNTER });
  } finally {
    await context.close();
  }
});
