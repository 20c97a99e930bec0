import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  deviceDataIn,
  launchBrowser,
  signInFromHome,
  simUrl,
  waitForShardsOnDevice,
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

test('the vault shows every vault item, grouped by slot in the game order', async () => {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const state = (await (await fetch(`${simUrl}/__sim/state`)).json()) as {
    items: { itemId: string | null; owner: string }[];
  };
  const vaultIds = state.items.filter((i) => i.owner === 'vault' && i.itemId).map((i) => i.itemId!);

  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  await signInFromHome(page);
  await page
    .getByLabel('Vault space used')
    .filter({ hasText: '467 / 600' })
    .waitFor({ timeout: 20_000 });
  await page.getByRole('heading', { name: /^Kinetic Weapons/ }).waitFor();

  await waitForWholeVault(page);
  const tiles = page.locator('main [data-item-id]');
  assert.equal(await tiles.count(), 467);
  assert.ok(vaultIds.length > 0, 'the simulator names vault items to look for');
  const shownIds = new Set(
    await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')))
  );
  for (const id of vaultIds) assert.ok(shownIds.has(id), `vault item ${id} is shown`);

  // textContent, not innerText: sections off screen skip rendering (content-visibility) but are there.
  const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
  const names = headings.map((h) => h.replace(/\s*\d+\s*$/, '').trim());
  assert.deepEqual(names.slice(0, 3), ['Kinetic Weapons', 'Energy Weapons', 'Power Weapons']);
  const energy = page.getByRole('region', { name: /^Energy Weapons/ });
  assert.equal(await energy.locator('[data-item-id]').count(), 106);

  // Accessible names start with the item's name, from the definitions shard.
  const first = energy.getByRole('button').first();
  const label = (await first.getAttribute('aria-label')) ?? '';
  assert.match(label, /^[^,]+, power \d+/);
  assert.doesNotMatch(label, /^Classified/);
  await page
    .getByRole('status')
    .filter({ hasText: /Updated just now/ })
    .waitFor();

  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/vault.png' });

  // Search across every owner, as you type.
  await page.getByRole('link', { name: 'Search' }).click();
  const box = page.getByRole('searchbox', { name: 'Search items' });
  await box.fill('is:exotic is:weapon');
  await page
    .getByRole('status')
    .filter({ hasText: /^\d+ items$/ })
    .waitFor();
  const found = page.locator('main [data-item-id]');
  const labels = await found.evaluateAll((els) =>
    els.map((e) => e.getAttribute('aria-label') ?? '')
  );
  assert.ok(labels.length > 5, `found ${labels.length} exotic weapons`);
  assert.ok(labels.every((l) => / exotic/.test(l)));
  await box.fill('is:shiny');
  await page.getByRole('status').filter({ hasText: '"is:shiny" is not a search word' }).waitFor();
  await box.fill('is:lockd');
  await page.getByRole('status').filter({ hasText: 'Did you mean is:locked?' }).waitFor();

  // Xûr, here and away.
  await page.getByRole('link', { name: 'Xûr' }).click();
  await page.getByRole('heading', { name: 'Xûr' }).waitFor();
  await page.getByText(/His stock changes/).waitFor();
  // The stock is shown as soon as it is heard, its names once their definitions are read: the check
  // is that at least four items come to be shown, every one by name (it fails with what was shown).
  await waitUntil(
    "Xûr's stock to be shown by name",
    () => page.locator('.stock li .name').allTextContents(),
    (shown) => shown.length >= 4 && !shown.includes('Classified')
  );
  await fetch(`${simUrl}/__sim/config`, { method: 'POST', body: JSON.stringify({ xur: false }) });
  await page.reload();
  await page
    .getByText('Xûr is not here. He arrives on Friday at the daily reset (', { exact: false })
    .waitFor();
  await fetch(`${simUrl}/__sim/config`, { method: 'POST', body: JSON.stringify({ xur: true }) });
  await context.close();
});

test('items with no known definition show as Classified, still counted, and cause one index re-check; unchanged refreshes cost a 304', async () => {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  const indexRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/shards/index')
      indexRequests.push(request.headers()['if-none-match'] ?? '');
  });
  const profileAnswers: { sent: string; status: number }[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/profile')
      profileAnswers.push({
        sent: response.request().headers()['if-none-match'] ?? '',
        status: response.status()
      });
  });
  await signInFromHome(page);
  await waitForShardsOnDevice(page);

  // The real account holds items whose definitions the bundled tables lack: they are shown and counted.
  await waitForWholeVault(page);
  const unidentified = page.getByRole('region', { name: /^Unidentified/ });
  const classified = unidentified.getByRole('button', { name: /^Classified/ });
  const count = await classified.count();
  assert.ok(count > 0, 'some vault items are Classified');
  const heading = (await unidentified.getByRole('heading').textContent()) ?? '';
  assert.equal(Number(/(\d+)\s*$/.exec(heading)?.[1]), count);
  assert.equal(await page.locator('main [data-item-id]').count(), 467);

  // The first visit's profile brought the small tables it paints with; the refresh after it (holding
  // no index yet) asked for the index to sync the shards, then once more for those items: no tag.
  assert.deepEqual(indexRequests, ['', '']);
  // A later refresh does not ask again about the same items. It is over once the device has stored
  // what it heard (each refresh stamps when): a re-check would have been asked for before that.
  const heardBefore = (await deviceDataIn(page))?.profile?.savedAt ?? 0;
  assert.ok(heardBefore > 0, 'the first refresh stored the profile');
  await page.evaluate(() => dispatchEvent(new Event('focus')));
  await waitUntil(
    'the refresh on focus to store what it heard',
    () => deviceDataIn(page),
    (data) => (data?.profile?.savedAt ?? 0) > heardBefore
  );
  assert.equal(indexRequests.length, 3);
  assert.notEqual(
    indexRequests[2],
    '',
    'the later refresh revalidates with its ETag; no second re-check'
  );
  // Nothing changed in the account: the refresh sent the tag of what the device holds and got a 304.
  assert.equal(profileAnswers.at(-1)?.status, 304);
  assert.match(profileAnswers.at(-1)!.sent, /^"[0-9a-f]{32}"$/);

  // A returning player: the reopened app paints from the device and its refresh is a 304 too.
  const heardOnFocus = (await deviceDataIn(page))!.profile!.savedAt;
  const answersBefore = profileAnswers.length;
  // Its page comes from the service worker, which keeps no first visit's preload of the profile.
  // (An active worker answers the next load, whether or not it controls this one.)
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const reopened = await page.reload();
  assert.equal(reopened?.fromServiceWorker(), true);
  assert.doesNotMatch(reopened?.headers()['link'] ?? '', /\/api\/profile/);
  await waitUntil(
    'the reopened app to hear the profile again',
    () => deviceDataIn(page),
    (data) => (data?.profile?.savedAt ?? 0) > heardOnFocus
  );
  const onReopen = profileAnswers.slice(answersBefore).map((a) => a.status);
  assert.ok(
    onReopen.length > 0 && onReopen.every((status) => status === 304),
    `answers on reopening: ${onReopen.join(', ')}`
  );
  await waitForWholeVault(page);
  assert.equal(await page.locator('main [data-item-id]').count(), 467);

  await context.close();
});
