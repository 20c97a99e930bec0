import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  launchBrowser,
  signedInVault,
  storeCountsIn,
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

const BACKUP = fileURLToPath(
  new URL('../fixtures/dim-api/dim-data.dim-api-export.json', import.meta.url)
);
// Two vault items the real backup tags (the backup's own ids, checked in the profile).
const ARCHIVED = '6917529080189540125';
const FAVORITE = '6917529177247119179';
const ALSO_ARCHIVED = '6917529080271344939';

interface EdgeData {
  annotations: { id: string; tag?: string; notes?: string }[];
  hashAnnotations: unknown[];
  loadouts: unknown[];
  searches: unknown[];
}

/** What the edge holds for the signed-in player, read the way the app reads it. */
const edgeData = (page: Page) =>
  page.evaluate(async () => (await fetch('/api/player-data')).json()) as Promise<EdgeData>;

/** The updates each POST /api/player-data of the page carried. */
function watchPosts(page: Page): { itemId?: string; action: string }[][] {
  const posts: { itemId?: string; action: string }[][] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/player-data')
      posts.push(
        (request.postDataJSON() as { updates: { itemId?: string; action: string }[] }).updates
      );
  });
  return posts;
}

const tileOf = (page: Page, itemId: string) =>
  page.locator(`main [data-item-id="${itemId}"]`).first();

test("a DIM backup imports once: tags on the vault's tiles, at the edge, and nothing twice", async () => {
  const { context, page } = await signedInVault(browser);
  try {
    const posts = watchPosts(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Import DIM backup').setInputFiles(BACKUP);
    const status = page.locator('.import-status');
    await status.filter({ hasText: /^Imported 92 tags, 13 notes, 19 loadouts/ }).waitFor();
    assert.match((await status.textContent())!, /500 tags are for items no longer in your account/);
    // At the edge: every record, sent in batches (387 updates, at most 100 a request).
    const stored = await waitUntil(
      'the imported tags at the edge',
      () => edgeData(page),
      (data) =>
        data.annotations.filter((a) => a.tag).length === 92 &&
        data.hashAnnotations.length === 71 &&
        data.loadouts.length === 19 &&
        data.searches.length === 205,
      {
        show: (data) => ({
          tags: data.annotations.length,
          hashTags: data.hashAnnotations.length,
          loadouts: data.loadouts.length,
          searches: data.searches.length
        })
      }
    );
    assert.equal(stored.annotations.find((a) => a.id === ARCHIVED)?.tag, 'archive');
    assert.equal(posts.flat().length, 92 + 71 + 19 + 205);
    assert.ok(posts.length <= 4, `${posts.length} requests`);

    await page.getByRole('link', { name: 'Vault', exact: true }).click();
    await waitForWholeVault(page);
    await waitUntil(
      'the tags on the tiles',
      async () => [
        await tileOf(page, ARCHIVED).getAttribute('aria-label'),
        await tileOf(page, FAVORITE).getAttribute('aria-label')
      ],
      (labels) => /Archive$/.test(labels[0] ?? '') && /Favorite$/.test(labels[1] ?? '')
    );

    // The same file again: nothing to send.
    const sent = posts.length;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Import DIM backup').setInputFiles(BACKUP);
    await status.filter({ hasText: /387 records were already here/ }).waitFor();
    assert.match((await status.textContent())!, /^Imported 0 tags, 0 notes, 0 loadouts/);
    assert.equal(posts.length, sent);

    // Searchable at once: the backup archives two items; tag both Junk from the results.
    await page.goto(`${appUrl}/search?q=${encodeURIComponent('tag:archive')}`);
    await page
      .getByRole('status')
      .filter({ hasText: /^2 items$/ })
      .waitFor();
    await page.getByLabel('Tag for all results').selectOption({ label: 'Junk' });
    await page.getByRole('button', { name: 'Tag all' }).click();
    await page.getByRole('status').filter({ hasText: 'Tagged 2 items Junk.' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^0 items$/ })
      .waitFor();
    await waitUntil(
      'both archived items tagged Junk at the edge',
      () => edgeData(page),
      (data) =>
        [ARCHIVED, ALSO_ARCHIVED].every(
          (id) => data.annotations.find((a) => a.id === id)?.tag === 'junk'
        )
    );
  } finally {
    await context.close();
  }
});

test('a tag set offline on one device reaches another after reconnect, exactly once', async () => {
  const phone = await signedInVault(browser);
  const desktop = await signedInVault(browser, {
    viewport: { width: 1280, height: 900 },
    anotherDevice: true
  });
  try {
    const posts = watchPosts(phone.page);
    // A vault item with no tag (an earlier test imported the real backup's).
    const tile = phone.page.locator('main [data-item-id]:not(.tagged)').nth(5);
    const itemId = (await tile.getAttribute('data-item-id'))!;
    await phone.context.setOffline(true);
    await tile.click();
    const sheet = phone.page.getByRole('dialog');
    await sheet.getByRole('combobox', { name: 'Tag' }).selectOption({ label: 'Junk' });
    await sheet.getByRole('textbox', { name: 'Notes' }).fill('dismantle #offline');
    await sheet.getByRole('button', { name: 'Close' }).click();
    // Shown at once, with no network.
    await waitUntil(
      'the tag on the tile while offline',
      async () => tileOf(phone.page, itemId).getAttribute('aria-label'),
      (label) => /Junk$/.test(label ?? '')
    );
    assert.equal(posts.length, 0, 'nothing is sent while offline');

    await phone.context.setOffline(false);
    await waitUntil(
      'the tag at the edge',
      () => edgeData(phone.page),
      (data) => data.annotations.some((a) => a.id === itemId && a.tag === 'junk')
    );
    // The other device sees it on its next refresh.
    await desktop.page.reload();
    await waitUntil(
      'the tag on the other device',
      async () => tileOf(desktop.page, itemId).getAttribute('aria-label'),
      (label) => /Junk$/.test(label ?? '')
    );
    await tileOf(desktop.page, itemId).click();
    const notes = desktop.page.getByRole('dialog').getByRole('textbox', { name: 'Notes' });
    await waitUntil(
      'the notes on the other device',
      () => notes.inputValue(),
      (v) => v === 'dismantle #offline'
    );
    // The tag and the notes went as one update, once (counted when the phone has nothing left to send).
    await waitUntil(
      'the phone to hold no edits',
      async () => (await storeCountsIn(phone.page)).edits,
      (edits) => edits === 0
    );
    const forItem = posts.flat().filter((u) => u.itemId === itemId);
    assert.equal(forItem.length, 1, JSON.stringify(posts));
  } finally {
    await phone.context.close();
    await desktop.context.close();
  }
});
