import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ShardIndex } from '../../src/lib/domain/shards/shard-index';
import {
  readWishlistPage,
  wishlistPageOf,
  type WishlistPage
} from '../../src/lib/domain/wishlists/wishlist-shards';
import { createManifestSource } from '../../workers/shard-publisher/src/manifest-source';
import { runCheck, type RunSummary } from '../../workers/shard-publisher/src/publish';
import { createR2ShardStore } from '../../workers/shard-publisher/src/shard-store';
import {
  createWishlistSource,
  WISHLIST_EVERY_MS
} from '../../workers/shard-publisher/src/wishlist';
import { api, sim, simOrigin } from './helpers';

const store = () => createR2ShardStore(env.SHARDS);
const currentIndex = async () =>
  (await (await env.SHARDS.get('shards/v1/index.json'))!.json()) as ShardIndex;
const digest = async (text: string) => {
  const bytes = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  );
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
};
const run = (options: { at?: number; url?: string } = {}): Promise<RunSummary> =>
  runCheck({
    source: createManifestSource({
      fetch: (input, init) => fetch(input, init),
      baseUrl: simOrigin,
      apiKey: env.BUNGIE_API_KEY
    }),
    store: store(),
    digest,
    now: () => options.at ?? Date.now(),
    wishlist: createWishlistSource(
      (input, init) => fetch(input, init),
      options.url ?? env.WISHLIST_URL
    )
  });

beforeEach(async () => {
  await sim('/__sim/reset', { dataset: 'real' });
  const keys = (await env.SHARDS.list({ limit: 1000 })).objects.map((o) => o.key);
  if (keys.length) await env.SHARDS.delete(keys);
});

describe('the wish list, read by the publisher and parsed at the edge', () => {
  it('publishes the real list as pages beside the shards, which devices read through the app', async () => {
    const summary = await run();
    expect(summary).toMatchObject({ outcome: 'published', wishlistRolls: 30_848 });
    const { wishlist } = await currentIndex();
    expect(wishlist).toMatchObject({ source: env.WISHLIST_URL, rolls: 30_848 });
    expect(wishlist!.title).toMatch(/god\/recommended rolls/);
    // Dead Man's Tale, on the page its hash names, with its curator's notes.
    const page = wishlist!.pages[wishlistPageOf(3654674561)]!;
    const response = await api(`/api/shards/${page.key.replace('shards/v1/', '')}`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const rolls = readWishlistPage((await response.json()) as WishlistPage).get(3654674561)!;
    expect(rolls).toContainEqual({
      perks: [1840239774, 1968497646, 1354429876, 1067908860],
      notes: 'pandapaxxy (PvE / M+KB)|tags:mkb,pve'
    });
  });

  it('reads it again only after a day, and publishes only when its text changed', async () => {
    const first = await run();
    const published = await currentIndex();
    // Minutes later: the manifest is current and the list is not due. One manifest request.
    expect((await run({ at: first.wishlistCheckedAt! + 60_000 })).outcome).toBe('unchanged');
    // A day later the list is read again; the same text publishes nothing, and says when it looked.
    const dayLater = first.wishlistCheckedAt! + WISHLIST_EVERY_MS;
    const again = await run({ at: dayLater });
    expect(again).toMatchObject({ outcome: 'unchanged', wishlistCheckedAt: dayLater });
    expect(await currentIndex()).toEqual(published);
  });

  it('keeps the published list, and publishes the shards, when the list cannot be read', async () => {
    await run();
    const before = (await currentIndex()).wishlist;
    await sim('/__sim/manifest/bump', {});
    const summary = await run({
      at: Date.now() + WISHLIST_EVERY_MS,
      url: `${simOrigin}/__sim/wishlists/missing.txt`
    });
    expect(summary.outcome).toBe('published');
    expect(summary.wishlistError).toMatch(/404/);
    // Another URL was asked for, and could not be read: the list published stays.
    expect((await currentIndex()).wishlist).toEqual(before);
  });
});
