import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchedItems, type BucketPatch } from '../../src/lib/domain/shards/bucket-patch';
import {
  SHARD_SCHEMA,
  type BucketShard,
  type ShardIndex,
  type TableShardEntry
} from '../../src/lib/domain/shards/shard-index';
import { firstScreenDefinitions } from '../../src/lib/published/published-items';
import type { SlimItem } from '../../src/lib/domain/shards/slim-item';
import { PAGE_TABLES } from '../../src/lib/domain/shards/first-screen';
import {
  FIRST_VISIT_PROFILE_PATH,
  type FirstVisitProfileResponse,
  type ProfileResponse
} from '../../src/lib/shared/api-shapes';
import { PRIMED_COOKIE } from '../../src/lib/server/auth/cookies';
import { api, publisherAdmin, signIn, sim, type CookieJar } from './helpers';

let jar: CookieJar;
beforeAll(async () => {
  await sim('/__sim/reset', {});
  expect((await publisherAdmin('/run')).status).toBe(200);
  jar = (await signIn()).jar;
}, 30_000);

const read = async <T>(path: string) => (await (await api(path)).json()) as T;
const shard = <T>(key: string) => read<T>(`/api/shards/${key.replace('shards/v1/', '')}`);

/** Every published item as a device holds it after syncing every bucket (bases and patches). */
async function everythingPublished(): Promise<{ index: ShardIndex; items: Map<number, SlimItem> }> {
  const index = await read<ShardIndex>('/api/shards/index');
  const items = new Map<number, SlimItem>();
  for (const bucket of index.buckets) {
    const base = await shard<BucketShard>(bucket.key);
    const patch = bucket.patch ? await shard<BucketPatch>(bucket.patch.key) : undefined;
    for (const [hash, item] of Object.entries(patchedItems(base.items, patch)))
      items.set(Number(hash), item);
  }
  return { index, items };
}

async function firstVisit(headers: Record<string, string> = {}) {
  const response = await api(FIRST_VISIT_PROFILE_PATH, { jar, headers });
  expect(response.status).toBe(200);
  return { response, answer: (await response.json()) as FirstVisitProfileResponse };
}

describe('GET /api/profile?with=definitions (a first visit)', () => {
  it("carries the published definitions of the player's own items and the pages' tables, in a fraction of the shards' bytes", async () => {
    const { response, answer } = await firstVisit();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { definitions, ...profile } = answer;
    // The profile is the one a refresh gets, under the same tag: the next refresh can be a 304.
    const plain = await api('/api/profile', { jar });
    const { mintedAt: _, ...plainContent } = (await plain.json()) as ProfileResponse;
    const { mintedAt: __, ...content } = profile;
    expect(content).toEqual(plainContent);
    const etag = response.headers.get('etag')!;
    expect(etag).toBe(plain.headers.get('etag'));
    expect((await api('/api/profile', { jar, headers: { 'If-None-Match': etag } })).status).toBe(
      304
    );

    const { index, items } = await everythingPublished();
    expect(definitions?.version).toBe(index.version);
    // Exactly the published records of the items the shards know; the rest (unidentified) absent.
    const hashes = [...new Set(profile.items.map((i) => i.hash))];
    const expected = Object.fromEntries(
      hashes.filter((h) => items.has(h)).map((h) => [String(h), items.get(h)!])
    );
    expect(definitions?.items).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThan(300);
    expect(Object.keys(expected).length).toBeLessThan(hashes.length);
    // Every vault item the edge placed (by the published item-to-bucket table) is answered.
    const placed = profile.items.filter((i) => i.owner === 'vault' && i.bucketHash !== 0);
    expect(placed.length).toBeGreaterThan(300);
    expect(placed.filter((i) => !definitions?.items[i.hash])).toEqual([]);
    // The tables are the published ones, as the device would read them from the index.
    for (const name of PAGE_TABLES) {
      const key = index.tables.find((t) => t.name === name)!.key;
      expect(definitions?.tables[name]).toEqual(await shard<unknown>(key));
    }
    const shardBytes = index.buckets.reduce((n, b) => n + b.bytes + (b.patch?.bytes ?? 0), 0);
    expect(JSON.stringify(definitions).length).toBeLessThan(shardBytes / 5);
  });

  it('answers in full even to a device that sends a tag (a first visit holds nothing to compare)', async () => {
    const etag = (await api('/api/profile', { jar })).headers.get('etag')!;
    const { answer } = await firstVisit({ 'If-None-Match': etag });
    expect(Object.keys(answer.definitions?.items ?? {}).length).toBeGreaterThan(300);
  });

  it('answers the definitions as published after a manifest update, patches applied', async () => {
    // 600 items renamed: some of the player's own among them, in patches beside the shards.
    await sim('/__sim/manifest/bump', { changedItems: 600 });
    expect((await publisherAdmin('/run')).status).toBe(200);
    const { index, items } = await everythingPublished();
    expect(index.buckets.some((b) => b.patch)).toBe(true);
    const { answer } = await firstVisit();
    expect(answer.definitions?.version).toBe(index.version);
    const own = [...new Set(answer.items.map((i) => i.hash))].filter((h) => items.has(h));
    expect(answer.definitions?.items).toEqual(
      Object.fromEntries(own.map((h) => [String(h), items.get(h)!]))
    );
    const renamed = Object.values(answer.definitions?.items ?? {}).filter((item) =>
      item.name.endsWith('(Revision 1)')
    );
    expect(renamed.length).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown value', '?with=everything'],
    ['an empty value', '?with='],
    ['details it does not know', '?with=definitions&details=all']
  ])('refuses %s with a 400 that says what is wrong', async (_name, query) => {
    const response = await api(`/api/profile${query}`, { jar });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('marks the browser as one that had its first screen, until a sign-out', async () => {
    const { jar: own } = await signIn();
    expect((await api('/api/profile', { jar: own })).status).toBe(200);
    expect(own.get(PRIMED_COOKIE)).toBeUndefined();
    expect((await api(FIRST_VISIT_PROFILE_PATH, { jar: own })).status).toBe(200);
    expect(own.get(PRIMED_COOKIE)).toBe('1');
    for (const flag of [/HttpOnly/i, /Secure/i, /SameSite=Lax/i, /Path=\//i])
      expect(own.attributes(PRIMED_COOKIE)).toMatch(flag);
    // A sign-out deletes the device's data: the next sign-in there is a first visit again.
    expect((await api('/api/auth/logout', { method: 'POST', jar: own })).status).toBe(200);
    expect(own.get(PRIMED_COOKIE)).toBeUndefined();
  });

  it('is for signed-in players only', async () => {
    const response = await api(FIRST_VISIT_PROFILE_PATH);
    expect(response.status).toBe(401);
  });
});

describe('what a first visit is given, as the published shards allow', () => {
  /** An index naming only the tables given (bodies stored under fresh keys, or none where null). */
  async function indexWith(tables: Record<string, unknown>): Promise<ShardIndex> {
    const entries: TableShardEntry[] = [];
    for (const [name, body] of Object.entries(tables)) {
      const key = `shards/v1/test-${name}-${crypto.randomUUID()}.json`;
      if (body !== null) await env.SHARDS.put(key, JSON.stringify(body));
      entries.push({ name: name as TableShardEntry['name'], key, bytes: 0 });
    }
    return {
      schema: SHARD_SCHEMA,
      version: 'test',
      sourcePath: '/test.json',
      publishedAt: new Date(0).toISOString(),
      itemCount: 0,
      buckets: [],
      tables: entries
    };
  }
  const buckets = {
    buckets: { '1': { name: 'Kinetic', itemCount: 10, category: 3, bucketOrder: 1 } }
  };

  it('leaves out the tables a manifest lacks, and the ones it cannot read', async () => {
    const index = await indexWith({ buckets, loadoutIdentifiers: null });
    const given = await firstScreenDefinitions(env.SHARDS, index, [1]);
    expect(given).toEqual({ version: 'test', items: {}, tables: { buckets } });
  });

  it('gives nothing without the bucket table, or before the first publish', async () => {
    const classes = { classes: { '1': { name: 'Hunter', classType: 1 } } };
    expect(await firstScreenDefinitions(env.SHARDS, await indexWith({ classes }), [1])).toBe(
      undefined
    );
    expect(
      await firstScreenDefinitions(env.SHARDS, await indexWith({ buckets: null, classes }), [1])
    ).toBe(undefined);
    expect(await firstScreenDefinitions(env.SHARDS, undefined, [1])).toBe(undefined);
  });
});
