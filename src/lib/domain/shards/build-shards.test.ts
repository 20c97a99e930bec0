import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { textsOfItems, type BucketPatch } from './bucket-patch.ts';
import { buildShards, ShardCollector, type BucketInfo } from './build-shards.ts';
import { planRetention } from './retention.ts';
import {
  isCurrent,
  SHARD_BUILD,
  PUBLIC_SHARD_KEY,
  SHARD_PREFIX,
  type BucketShard,
  type ShardIndex
} from './shard-index.ts';

const digest = async (text: string) => createHash('sha256').update(text).digest('hex');
const bucket = (hash: number, name: string, itemCount = 10, category = 3): BucketInfo => ({
  hash,
  name,
  itemCount,
  category,
  location: 1,
  scope: 0,
  bucketOrder: 0
});
const buckets = new Map(
  [
    bucket(1498876634, 'Kinetic Weapons'),
    bucket(3448274439, 'Helmet'),
    bucket(138197802, 'General', 600, 2)
  ].map((b) => [b.hash, b])
);
const def = (hash: number, bucketHash: number, name: string) =>
  JSON.stringify({
    hash,
    displayProperties: { name },
    inventory: { bucketTypeHash: bucketHash, tierType: 5 },
    itemType: 3
  });

function collect(entries: [number, number, string][]) {
  const collector = new ShardCollector(buckets);
  for (const [hash, bucketHash, name] of entries)
    collector.add(String(hash), def(hash, bucketHash, name));
  return collector;
}

async function build(collector: ShardCollector, version = 'v1') {
  const files: { key: string; body: string }[] = [];
  const index = await buildShards({
    collector,
    buckets,
    tables: { buckets: {}, classes: { 1: 'Titan' }, damageTypes: {} },
    version,
    sourcePath: `/x-${version}.json`,
    publishedAt: '2026-11-22T00:00:00.000Z',
    digest,
    emit: async (file) => void files.push(file)
  });
  return { index, files };
}

describe('buildShards', () => {
  it('groups items per bucket under content-addressed keys, and indexes them', async () => {
    const collector = collect([
      [1, 1498876634, 'A'],
      [2, 1498876634, 'B'],
      [3, 3448274439, 'C'],
      [4, 999, 'unknown bucket']
    ]);
    expect([collector.count, collector.skipped]).toEqual([3, 1]);
    const { index, files } = await build(collector);
    expect(index.buckets.map((b) => [b.name, b.count, b.capacity, b.category])).toEqual([
      ['Kinetic Weapons', 2, 10, 3],
      ['Helmet', 1, 10, 3]
    ]);
    expect(index.tables.map((t) => t.name)).toEqual([
      'buckets',
      'classes',
      'damageTypes',
      'itemBuckets'
    ]);
    const itemBuckets = files.find((f) => f.key === index.tables[3]!.key)!;
    expect(JSON.parse(itemBuckets.body)).toEqual({
      schema: 1,
      itemBuckets: { 1498876634: [1, 2], 3448274439: [3] }
    });
    expect(index.itemCount).toBe(3);
    expect(files).toHaveLength(index.buckets.length + index.tables.length);
    for (const file of files) {
      expect(file.key.startsWith(SHARD_PREFIX)).toBe(true);
      expect(file.key.slice(SHARD_PREFIX.length)).toMatch(PUBLIC_SHARD_KEY);
    }
    const kinetic = files.find((f) => f.key === index.buckets[0]!.key)!;
    const shard: BucketShard = {
      schema: 1,
      bucketHash: 1498876634,
      items: { 1: { name: 'A', tier: 5, type: 3 }, 2: { name: 'B', tier: 5, type: 3 } }
    };
    expect(kinetic.body).toBe(JSON.stringify(shard));
    expect(index.buckets[0]!.bytes).toBe(Buffer.byteLength(kinetic.body));
  });

  it('keeps the key of an unchanged bucket and changes the key of a changed one', async () => {
    const before = await build(
      collect([
        [1, 1498876634, 'A'],
        [3, 3448274439, 'C']
      ])
    );
    const after = await build(
      collect([
        [1, 1498876634, 'A renamed'],
        [3, 3448274439, 'C']
      ]),
      'v2'
    );
    expect(after.index.buckets[1]!.key).toBe(before.index.buckets[1]!.key);
    expect(after.index.buckets[0]!.key).not.toBe(before.index.buckets[0]!.key);
  });

  it('knows when the manifest still matches the index (version and table path both, by this build)', () => {
    const index = { version: '1', sourcePath: '/a.json', build: SHARD_BUILD };
    expect(isCurrent(index, '1', '/a.json')).toBe(true);
    // An index an older publisher built from the same manifest is built again, once.
    expect(isCurrent({ version: '1', sourcePath: '/a.json' }, '1', '/a.json')).toBe(false);
    expect(isCurrent(index, '1', '/b.json')).toBe(false);
    expect(isCurrent(index, '2', '/a.json')).toBe(false);
    expect(isCurrent(undefined, '1', '/a.json')).toBe(false);
  });
});

describe('planRetention', () => {
  const index = (publishedAt: string, keys: string[]): ShardIndex => ({
    schema: 1,
    version: publishedAt,
    sourcePath: '',
    publishedAt,
    itemCount: 0,
    buckets: keys.map((key) => ({
      bucketHash: 1,
      name: '',
      capacity: 0,
      category: 0,
      key,
      count: 0,
      bytes: 0
    })),
    tables: []
  });
  it('keeps the newest three versions and every shard they name, and nothing else', () => {
    const indexes = new Map([
      ['i1', index('2026-01-01', ['a', 'b'])],
      ['i2', index('2026-02-01', ['a', 'c'])],
      ['i3', index('2026-03-01', ['a', 'd'])],
      ['i4', index('2026-04-01', ['a', 'e'])]
    ]);
    expect(planRetention(indexes, ['a', 'b', 'c', 'd', 'e', 'orphan'])).toEqual({
      deleteIndexes: ['i1'],
      deleteShards: ['b', 'orphan']
    });
  });

  it('keeps the detail shards a kept version names', () => {
    const detailed: ShardIndex = {
      ...index('2026-05-01', ['a']),
      details: {
        gear: [{ bucketHash: 1, key: 'gear', count: 1, bytes: 1 }],
        plugPages: [{ page: 0, key: 'plugs', count: 1, bytes: 1 }],
        tables: [{ name: 'stats', key: 'stats', bytes: 1 }]
      }
    };
    expect(
      planRetention(new Map([['i5', detailed]]), ['a', 'gear', 'plugs', 'stats', 'old-gear'])
    ).toEqual({ deleteIndexes: [], deleteShards: ['old-gear'] });
  });
});

describe('buildShards over a published version', () => {
  const KINETIC = 1498876634;
  const names = (n: number, renamed: ReadonlySet<number> = new Set()) =>
    Array.from({ length: n }, (_, i): [number, number, string] => [
      100 + i,
      KINETIC,
      renamed.has(100 + i) ? `Renamed ${i}` : `Weapon ${i}`
    ]);
  /** Builds over `over`'s files, as the publisher does over R2, with every file it has. */
  async function buildOver(
    entries: [number, number, string][],
    over: { index: ShardIndex; files: Map<string, string> }
  ) {
    const files = new Map(over.files);
    const index = await buildShards({
      collector: collect(entries),
      buckets,
      tables: { buckets: {}, classes: {}, damageTypes: {} },
      version: 'next',
      sourcePath: '/next.json',
      publishedAt: '2026-11-23T00:00:00.000Z',
      digest,
      emit: async (file) => void files.set(file.key, file.body),
      published: async (bucketHash) => {
        const entry = over.index.buckets.find((b) => b.bucketHash === bucketHash)!;
        const base = files.get(entry.key)!;
        const patch = entry.patch && files.get(entry.patch.key)!;
        return {
          baseKey: entry.key,
          base: textsOfItems((JSON.parse(base) as BucketShard).items),
          baseBytes: base.length,
          ...(patch && { patch: textsOfItems((JSON.parse(patch) as BucketPatch).items) })
        };
      }
    });
    return { index, files };
  }

  it('a rename goes out as a patch over the same base; back to the base byte for byte, still a patch', async () => {
    const first = await build(collect(names(40)));
    const v1 = { index: first.index, files: new Map(first.files.map((f) => [f.key, f.body])) };
    const v2 = await buildOver(names(40, new Set([100, 101])), v1);
    const kinetic = (index: ShardIndex) => index.buckets.find((b) => b.bucketHash === KINETIC)!;
    expect(kinetic(v2.index).key).toBe(kinetic(v1.index).key);
    expect(kinetic(v2.index).patch).toMatchObject({ count: 2 });

    // Half the bucket gone (a patch of nulls, small), then all of it back with the names undone:
    // the whole body would be the base itself, a key devices hold (so they would keep the patch's
    // changes and lose the items); a patch says so instead, however large.
    const v3 = await buildOver(names(40).slice(20), v2);
    expect(kinetic(v3.index).patch).toMatchObject({ count: 20 });
    const v4 = await buildOver(names(40), v3);
    expect(kinetic(v4.index).key).toBe(kinetic(v1.index).key);
    const patch = JSON.parse(v4.files.get(kinetic(v4.index).patch!.key)!) as BucketPatch;
    expect(Object.values(patch.items).map((item) => item?.name)).toEqual(
      names(20).map(([, , name]) => name)
    );
  });
});
