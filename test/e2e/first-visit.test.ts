import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  appUrl,
  deviceDataIn,
  launchBrowser,
  signInFromHome,
  simUrl,
  storeCountsIn,
  waitForShardsOnDevice,
  waitForWholeVault
} from './browser.ts';
import { FIRST_VISIT_PROFILE_PATH } from '../../src/lib/shared/api-shapes.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

interface PublishedIndex {
  buckets: { key: string; count: number; patch?: { key: string } }[];
}

test("a first visit shows the vault from the edge's definitions before any item shard, then keeps every shard on the device", async () => {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const index = (await (await fetch(`${appUrl}/api/shards/index`)).json()) as PublishedIndex;
  const publicKey = (key: string) => key.replace('shards/v1/', '');
  const bucketShards = new Set(
    index.buckets.flatMap((b) => [b.key, ...(b.patch ? [b.patch.key] : [])]).map(publicKey)
  );
  // No service worker: each request the page makes reaches these routes.
  const context = await browser.newContext({
    viewport: { width: 390, height: 900 },
    serviceWorkers: 'block'
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const asked: string[] = [];
  await context.route(
    (url) => url.pathname.startsWith('/api/shards/') && bucketShards.has(url.pathname.slice(12)),
    async (route) => {
      asked.push(new URL(route.request().url()).pathname);
      await released;
      await route.continue();
    }
  );
  const page = await context.newPage();
  // Who asks for the first visit's profile: the page's answer (a preload, "other") or its script.
  const firstVisitAsks: string[] = [];
  page.on('request', (r) => {
    if (r.url() === `${appUrl}${FIRST_VISIT_PROFILE_PATH}`) firstVisitAsks.push(r.resourceType());
  });
  const definitionsAnswer = page.waitForResponse(
    (r) => r.url() === `${appUrl}/api/profile?with=definitions` && r.status() === 200
  );
  const vaultPage = page.waitForResponse(
    (r) => r.url() === `${appUrl}/vault` && r.request().resourceType() === 'document'
  );
  await signInFromHome(page);

  // Every item shard held back, the vault is whole: its sections named, every tile, names on them.
  await page
    .getByLabel('Vault space used')
    .filter({ hasText: '467 / 600' })
    .waitFor({ timeout: 30_000 });
  await (await definitionsAnswer).finished();
  await waitForWholeVault(page);
  // The page's answer asked for the profile beside its code, and the script's request took that
  // answer: one request in all, made before the code ran.
  assert.deepEqual(firstVisitAsks, ['other']);
  // That page answer is the edge's alone: neither cached nor tagged, so no later copy keeps it.
  const pageHeaders = (await vaultPage).headers();
  assert.match(pageHeaders['link'] ?? '', /<\/api\/profile\?with=definitions>; rel=preload/);
  assert.equal(pageHeaders['cache-control'], 'no-store');
  assert.equal(pageHeaders['etag'], undefined);
  assert.equal(await page.locator('main [data-item-id]').count(), 467);
  const energy = page.getByRole('region', { name: /^Energy Weapons/ });
  assert.equal(await energy.locator('[data-item-id]').count(), 106);
  // Only the items no published definition names are Classified (they are in their own section).
  const classified = page.getByRole('button', { name: /^Classified/ });
  const unidentified = page.getByRole('region', { name: /^Unidentified/ });
  assert.equal(await classified.count(), await unidentified.getByRole('button').count());
  assert.equal((await deviceDataIn(page))?.shardIndex, false);
  assert.equal(
    (await storeCountsIn(page)).bucketItems,
    0,
    'no item shard reached the device before the vault showed'
  );

  // The shards follow in the background: every bucket the player's items are in, kept on the device.
  release();
  await waitForShardsOnDevice(page);
  assert.ok(asked.length > 0, 'the item shards were asked for after the vault showed');
  const counts = await storeCountsIn(page);
  const bucketsAsked = index.buckets.filter((b) =>
    asked.includes(`/api/shards/${publicKey(b.key)}`)
  );
  assert.equal(
    counts.bucketItems,
    bucketsAsked.reduce((n, b) => n + b.count, 0)
  );
  // The vault painted from the shards is the one painted from the edge.
  await waitForWholeVault(page);
  assert.equal(await page.locator('main [data-item-id]').count(), 467);
  assert.equal(await energy.locator('[data-item-id]').count(), 106);

  // This browser has had its first screen: a load that reaches the edge again asks for nothing ahead.
  const again = await page.reload();
  assert.doesNotMatch(again?.headers()['link'] ?? '', /\/api\/profile/);
  await waitForWholeVault(page);
  assert.deepEqual(firstVisitAsks, ['other']);
  await context.close();
});
