import { beforeAll, describe, expect, it } from 'vitest';
import { patchedItems, type BucketPatch } from '../../src/lib/domain/shards/bucket-patch';
import type { BucketShard, ShardIndex } from '../../src/lib/domain/shards/shard-index';
import type { SlimItem } from '../../src/lib/domain/shards/slim-item';
import type { DefinitionsResponse, ProfileResponse } from '../../src/lib/shared/api-shapes';
import { api, publisherAdmin, signIn, sim, type CookieJar } from './helpers';

let jar: CookieJar;
beforeAll(async () => {
  await sim('/__sim/reset', {});
  expect((await publisherAdmin('/run')).status).toBe(200);
  jar = (await signIn()).jar;
}, 30_000);

const ask = (body: unknown, init: { jar?: CookieJar; raw?: string } = { jar }) =>
  api('/api/definitions', {
    method: 'POST',
    ...(init.jar && { jar: init.jar }),
    headers: { 'content-type': 'application/json' },
    body: init.raw ?? JSON.stringify(body)
  });

const read = async <T>(path: string) => (await (await api(path)).json()) as T;

/** Every published item as a device holds it after syncing every bucket (bases and patches). */
async function everythingPublished(): Promise<{ index: ShardIndex; items: Map<number, SlimItem> }> {
  const index = await read<ShardIndex>('/api/shards/index');
  const items = new Map<number, SlimItem>();
  const shard = <T>(key: string) => read<T>(`/api/shards/${key.replace('shards/v1/', '')}`);
  for (const bucket of index.buckets) {
    const base = await shard<BucketShard>(bucket.key);
    const patch = bucket.patch ? await shard<BucketPatch>(bucket.patch.key) : undefined;
    for (const [hash, item] of Object.entries(patchedItems(base.items, patch)))
      items.set(Number(hash), item);
  }
  return { index, items };
}

describe('POST /api/definitions', () => {
  it("answers the published definitions of the player's own items, in a fraction of the shards' bytes", async () => {
    const own = (await (await api('/api/profile', { jar })).json()) as ProfileResponse;
    const hashes = [...new Set(own.items.map((i) => i.hash))];
    const response = await ask({ hashes });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const answer = (await response.json()) as DefinitionsResponse;
    const { index, items } = await everythingPublished();
    expect(answer.version).toBe(index.version);
    // Exactly the published records of the items the shards know; the rest (unidentified) absent.
    const expected = Object.fromEntries(
      hashes.filter((h) => items.has(h)).map((h) => [String(h), items.get(h)!])
    );
    expect(answer.items).toEqual(expected);
    expect(Object.keys(answer.items).length).toBeGreaterThan(300);
    expect(Object.keys(answer.items).length).toBeLessThan(hashes.length);
    // Every vault item the edge placed (by the published item-to-bucket table) is answered.
    const placed = own.items.filter((i) => i.owner === 'vault' && i.bucketHash !== 0);
    expect(placed.length).toBeGreaterThan(300);
    expect(placed.filter((i) => !answer.items[i.hash])).toEqual([]);
    const shardBytes = index.buckets.reduce((n, b) => n + b.bytes + (b.patch?.bytes ?? 0), 0);
    expect(JSON.stringify(answer).length).toBeLessThan(shardBytes / 5);
  });

  it('reads a bucket through its patch after a manifest update', async () => {
    await sim('/__sim/manifest/bump', {});
    expect((await publisherAdmin('/run')).status).toBe(200);
    const { index, items } = await everythingPublished();
    const patched = index.buckets.find((b) => b.patch)!;
    const shard = <T>(key: string) => read<T>(`/api/shards/${key.replace('shards/v1/', '')}`);
    const base = await shard<BucketShard>(patched.key);
    const patch = await shard<BucketPatch>(patched.patch!.key);
    const renamed = Object.entries(patch.items)
      .filter(([hash, item]) => item !== null && base.items[hash]?.name !== item.name)
      .map(([hash]) => Number(hash));
    expect(renamed.length).toBeGreaterThan(0);
    const unchanged = Number(Object.keys(base.items).find((hash) => !(hash in patch.items)));
    expect(items.get(unchanged)).toEqual(base.items[unchanged]);
    const hashes = [...renamed, unchanged, 1, 4294967295];
    const answer = (await (await ask({ hashes })).json()) as DefinitionsResponse;
    expect(answer.version).toBe(index.version);
    expect(Object.keys(answer.items).map(Number).sort()).toEqual([...renamed, unchanged].sort());
    for (const hash of renamed) {
      expect(answer.items[hash]).toEqual(patch.items[hash]);
      expect(answer.items[hash]!.name).not.toBe(base.items[hash]?.name);
    }
    expect(answer.items[unchanged]).toEqual(base.items[unchanged]);
  });

  it('is for signed-in players only', async () => {
    const response = await ask({ hashes: [1] }, {});
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it.each([
    ['no hashes', { hashes: [] }],
    ['a hash that is not a whole number', { hashes: [1.5] }],
    ['a hash out of range', { hashes: [2 ** 32] }],
    ['a string for a hash', { hashes: ['123'] }],
    [
      'more hashes than any account holds',
      { hashes: Array.from({ length: 3001 }, (_, i) => i + 1) }
    ],
    ['a field it does not take', { hashes: [1], all: true }],
    ['no body at all', undefined]
  ])('refuses %s with a 400 that says what is wrong', async (_name, body) => {
    const response = await ask(body, { jar, raw: body === undefined ? '' : JSON.stringify(body) });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(['invalid_input', 'invalid_json']).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('refuses a body far over the limit unread (413), and a GET (405)', async () => {
    const huge = JSON.stringify({ hashes: Array.from({ length: 20_000 }, (_, i) => i + 1) });
    const response = await ask(undefined, { jar, raw: huge });
    expect(response.status).toBe(413);
    const get = await api('/api/definitions', { jar });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toContain('POST');
  });
});
