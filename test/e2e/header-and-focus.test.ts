import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  deviceDataIn,
  launchBrowser,
  signedInVault,
  simState,
  simUrl,
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

/** The page's width as laid out: wider than the screen means a sideways scroll. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function fitsAt(page: Page, state: string) {
  for (const width of [360, 390, 430]) {
    await page.setViewportSize({ width, height: 800 });
    assert.equal(await pageWidth(page), width, `${state} at ${width} px`);
  }
  await page.setViewportSize({ width: 390, height: 800 });
}

/** A vault tile of a section anyone can carry (not exotic). */
async function ordinaryTile(page: Page, section: string, index = 0): Promise<string> {
  const ids = await page
    .getByRole('region', { name: new RegExp(`^${section}`) })
    .locator('[data-item-id]')
    .evaluateAll((els) =>
      els
        .filter((e) => !/ exotic/.test(e.getAttribute('aria-label') ?? ''))
        .map((e) => e.getAttribute('data-item-id')!)
    );
  return ids[index]!;
}

test('the phone header fits at 360–430 px offline with moves waiting, their panel closes with Escape or a tap outside, and notices are dismissed', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await waitForWholeVault(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(
      await nav.getByRole('link', { name: 'Vault' }).getAttribute('aria-current'),
      'page'
    );
    assert.equal(
      await nav.getByRole('link', { name: 'Search' }).getAttribute('aria-current'),
      null
    );
    await fitsAt(page, 'online');

    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
    const tile = await ordinaryTile(page, 'Energy Weapons');
    await page.locator(`main [data-item-id="${tile}"]`).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Transfer to Hunter' }).click();
    const badge = page.getByRole('button', { name: '1 pending' });
    await badge.waitFor();
    await fitsAt(page, 'offline with a move waiting');

    const panel = page.getByRole('region', { name: 'Moves' });
    await badge.click();
    await panel.waitFor();
    await fitsAt(page, 'with the moves panel open');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await badge.click();
    await panel.waitFor();
    await page.getByRole('heading', { name: 'Vault', exact: true }).click();
    await panel.waitFor({ state: 'detached' });

    // Back online with the session gone: the notice says what to do, fits, and can be dismissed.
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await fetch(`${simUrl}/__sim/tokens/revoke`, { method: 'POST' });
    await context.setOffline(false);
    const notice = page.getByRole('status').filter({ hasText: 'Sign in again to carry out' });
    await notice.waitFor();
    await fitsAt(page, 'with a notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
});

test('double taps act once and leave no stray tap; closing the sheet gives focus back to its tile; a skip link', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    // Skip link: a fresh page's first Tab reaches it, and it moves focus to the page's content.
    await page.reload();
    await page.getByRole('heading', { name: 'Vault', exact: true }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    assert.equal(await skip.evaluate((e) => e === document.activeElement), true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    await waitForWholeVault(page);

    // Escape closes the sheet, and focus is back on the tile that opened it.
    const first = await ordinaryTile(page, 'Kinetic Weapons');
    await page.locator(`main [data-item-id="${first}"]`).click();
    const sheet = page.getByRole('dialog');
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    // Focus moves once the page has settled after the close: wait for it to land on the tile.
    await page.waitForFunction(
      (id) => document.activeElement?.getAttribute('data-item-id') === id,
      first
    );

    // A double tap on a tile opens its sheet and leaves it open.
    await page.locator(`main [data-item-id="${first}"]`).dblclick();
    await sheet.waitFor();
    assert.equal(await sheet.isVisible(), true, 'the second tap did not close the sheet');

    // A double tap on "Transfer to Warlock": one move, and the page stays the vault.
    await sheet.getByRole('button', { name: 'Transfer to Warlock' }).dblclick();
    await sheet.waitFor({ state: 'detached' });
    await waitUntil(
      'the transfer to be carried out',
      simState,
      (state) => state.items.find((i) => i.itemId === first)?.owner === '2305843009260802822'
    );
    assert.equal(new URL(page.url()).pathname, '/vault');
    // Counted once the device holds no move: a second one queued by the second tap would be sent by then.
    await waitUntil(
      'the move to be done on the device',
      () => deviceDataIn(page),
      (data) => data?.outbox.length === 0
    );
    const transfers = (await simState()).actions.filter((a) => a.request.itemId === first);
    assert.equal(transfers.length, 1, `one transfer: ${JSON.stringify(transfers)}`);
    // One tap on a transfer: the tile leaves the vault, and focus goes to the page's content,
    // never lost on the body.
    const second = await ordinaryTile(page, 'Kinetic Weapons');
    await page.locator(`main [data-item-id="${second}"]`).click();
    await sheet.getByRole('button', { name: 'Transfer to Titan' }).click();
    await sheet.waitFor({ state: 'detached' });
    await page.locator(`main [data-item-id="${second}"]`).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    await page.goto(`${appUrl}/search`);
    assert.equal(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Search' })
        .getAttribute('aria-current'),
      'page'
    );
  } finally {
    await context.close();
  }
});
