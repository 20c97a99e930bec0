// Over 200 lines: syncing shards, rechecking unknown items and storing the profile share one fixture set.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStorageFailure, VaultDatabase } from '$lib/client/db/database';
import { readDefinitions } from '$lib/client/device-definitions';
import {
  noteUnchanged,
  readItemDetails,
  readLocalProfile,
  storeProfile
} from '$lib/client/profile-sync';
import { recheckUnknownItems, syncShards, type ShardSource } from '$lib/client/shard-sync';
import { buildShards, ShardCollector } from '$lib/domain/shards/build-shards';
import { textsOfItems, type BucketPatch } from '$lib/domain/shards/bucket-patch';
import type { BucketShard, ShardIndex } from '$lib/domain/shards/shard-index';
import { readBuckets } from '$lib/domain/shards/small-tables';
import type { InventoryItem, ProfileResponse } from '$lib/shared/api-shapes';

const fixtures = new URL('../fixtures/bungie/', import.meta.url);
const read = (name: string) => {
  const bytes = readFileSync(new URL(name, fixtures));
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
};
const definitions: Record<string, Record<string, unknown>> = {
  ...read('DestinyInventoryItemDefinition.projected.json.gz'),
  ...read('DestinyInventoryItemDefinition.raw-subset.json.gz')
};
const buckets = readBuckets(read('DestinyInventoryBucketDefinition.2023-04-13.json'));
const KINETIC = 1498876634;
const ENERGY = 2465295065;

type Published = { index: ShardIndex; files: Map<string, string> };

/**
 * Publishes the real definitions (optionally renaming one item, leaving one out) the way the
 * publisher does, in memory; `over` a published set, changed buckets go out as patches.
 */
async function publish(
  version: string,
  rename?: number,
  omit?: number,
  over?: Published,
  move?: { hash: number; to: number }
): Promise<Published> {
  const collector = new ShardCollector(buckets);
  for (const [key, def] of Object.entries(definitions)) {
    if (Number(key) === omit) continue;
    let changed =
      Number(key) === rename
        ? { ...def, displayProperties: { ...(def.displayProperties as object), name: 'Renamed' } }
        : def;
    if (Number(key) === move?.hash)
      changed = {
        ...changed,
        inventory: { ...(changed.inventory as object), bucketTypeHash: move.to }
      };
    collector.add(key, JSON.stringify(changed));
  }
  const files = new Map<string, string>();
  const index = await buildShards({
    collector,
    buckets,
    tables: { buckets: {}, classes: {}, damageTypes: {} },
    version,
    sourcePath: `/${version}.json`,
    publishedAt: new Date().toISOString(),
    digest: async (t) => createHash('sha256').update(t).digest('hex'),
    emit: async (f) => void files.set(f.key, f.body),
    ...(over && {
      published: async (bucketHash: number) => {
        const entry = over.index.buckets.find((b) => b.bucketHash === bucketHash);
        if (!entry) return undefined;
        const base = over.files.get(entry.key)!;
        const patch = entry.patch && over.files.get(entry.patch.key)!;
        return {
          baseKey: entry.key,
          base: textsOfItems((JSON.parse(base) as BucketShard).items),
          baseBytes: Buffer.byteLength(base),
          ...(patch && { patch: textsOfItems((JSON.parse(patch) as BucketPatch).items) })
        };
      },
      kept: () => undefined
    })
  });
  // The bases a patch goes over stay published.
  for (const [key, body] of over?.files ?? []) if (!files.has(key)) files.set(key, body);
  return { index, files };
}

/** A shard source over a published set, counting what the device asks for. */
function sourceOf(first: { index: ShardIndex; files: Map<string, string> }) {
  const calls = { index: 0, shards: [] as string[] };
  let published = first;
  const source: ShardSource = {
    async index(have) {
      calls.index++;
      const etag = `"${published.index.version}"`;
      return have === etag ? null : { index: published.index, etag };
    },
    async shard(key) {
      calls.shards.push(key);
      return JSON.parse(published.files.get(key)!);
    }
  };
  /** A new version published behind the same address. */
  const republish = (next: typeof first) => void (published = next);
  return { source, calls, republish };
}

let db: VaultDatabase;
beforeEach(() => {
  db = new VaultDatabase(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

/** The hashes a device holds under `bucket`, as it reads them (each shard with its patch applied). */
const inBucket = async (bucket: number, on: VaultDatabase) =>
  [...(await readDefinitions(on))].filter(([, d]) => d.bucketHash === bucket).map(([hash]) => hash);
const nameOf = async (hash: number, on: VaultDatabase) =>
  (await readDefinitions(on, [hash])).get(hash)?.item.name;

describe('syncShards', () => {
  it('downloads only the tables and the buckets the player uses', async () => {
    const v1 = await publish('v1');
    const { source, calls } = sourceOf(v1);
    const result = await syncShards(db, source, new Set([KINETIC, ENERGY]));
    // The tables the device reads (not the edge's item-to-bucket table) and the two buckets.
    expect(result.downloaded).toHaveLength(v1.index.tables.length - 1 + 2);
    expect(calls.shards).toEqual(result.downloaded);
    expect(
      calls.shards.every(
        (k) =>
          v1.index.tables.some((t) => t.key === k) ||
          v1.index.buckets.some((b) => b.key === k && [KINETIC, ENERGY].includes(b.bucketHash))
      )
    ).toBe(true);
    const kinetic = v1.index.buckets.find((b) => b.bucketHash === KINETIC)!;
    expect((await inBucket(KINETIC, db)).length).toBe(kinetic.count);
    expect(await nameOf(3856705927, db)).toBe('Hawkmoon');
  });

  it('downloads a few shards at once; one that fails leaves the index unstored, and the next sync fetches only what is missing', async () => {
    const v1 = await publish('v1');
    const { source } = sourceOf(v1);
    let inFlight = 0;
    let mostInFlight = 0;
    let served = 0;
    let failOnce: string | undefined = v1.index.buckets.find((b) => b.bucketHash === ENERGY)!.key;
    const slow: ShardSource = {
      index: source.index,
      async shard(key) {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (key === failOnce) throw new Error(`Shard ${key} answered 503`);
        served++;
        return source.shard(key);
      }
    };
    await expect(syncShards(db, slow, new Set([KINETIC, ENERGY]))).rejects.toThrow('503');
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    // It returned once the downloads under way had ended: every shard served is stored by then.
    expect(served).toBeGreaterThan(0);
    expect(await db.shards.count()).toBe(served);
    // Definitions are read through the stored index: none yet, so nothing half-synced is shown.
    expect(await db.meta.get('shardIndex')).toBeUndefined();
    const failed = failOnce;
    failOnce = undefined;
    const again = await syncShards(db, slow, new Set([KINETIC, ENERGY]));
    expect(again.downloaded).toContain(failed);
    expect(again.downloaded.length).toBeLessThan(v1.index.tables.length - 1 + 2);
    expect(await nameOf(3856705927, db)).toBe('Hawkmoon');
  });

  it('a full device outranks a failed download, whichever came first: it is what recovery acts on', async () => {
    const v1 = await publish('v1');
    const { source } = sourceOf(v1);
    const [first, second] = v1.index.tables.filter((t) => t.name !== 'itemBuckets');
    const flaky: ShardSource = {
      index: source.index,
      async shard(key) {
        // The first shard's download fails at once; the second's arrives a moment later.
        if (key === first!.key) throw new Error(`Shard ${key} answered 503`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return source.shard(key);
      }
    };
    const put = db.shards.put.bind(db.shards);
    db.shards.put = ((record: { key: string }) =>
      record.key === second!.key
        ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
        : put(record as never)) as unknown as typeof db.shards.put;
    const failure = await syncShards(db, flaky, new Set([KINETIC])).catch(
      (error: unknown) => error
    );
    expect(isStorageFailure(failure)).toBe(true);
    expect(await db.meta.get('shardIndex')).toBeUndefined();
  });

  it('downloads nothing again when the index is unchanged (304)', async () => {
    const { source, calls } = sourceOf(await publish('v1'));
    await syncShards(db, source, new Set([KINETIC]));
    const before = calls.shards.length;
    const again = await syncShards(db, source, new Set([KINETIC]));
    expect(again.downloaded).toEqual([]);
    expect(calls.shards.length).toBe(before);
  });

  it('after a new version downloads only the changed shard and drops the old one', async () => {
    const v1 = await publish('v1');
    await syncShards(db, sourceOf(v1).source, new Set([KINETIC, ENERGY]));
    const v2 = await publish('v2', 3856705927);
    const { source, calls } = sourceOf(v2);
    const result = await syncShards(db, source, new Set([KINETIC, ENERGY]));
    const oldKinetic = v1.index.buckets.find((b) => b.bucketHash === KINETIC)!.key;
    const newKinetic = v2.index.buckets.find((b) => b.bucketHash === KINETIC)!.key;
    // A rename changes one bucket's shard; the item-to-bucket table stays the same.
    expect(calls.shards).toEqual([newKinetic]);
    expect(result.dropped).toEqual([oldKinetic]);
    expect(await nameOf(3856705927, db)).toBe('Renamed');
    expect(await db.shards.get(oldKinetic)).toBeUndefined();
  });

  it('a version published as patches: only the patch is downloaded, the base stays, and a rename, a removal and their undoing all reach the device', async () => {
    const HAWKMOON = 3856705927;
    const v1 = await publish('v1');
    await syncShards(db, sourceOf(v1).source, new Set([KINETIC]));
    const kinetic = v1.index.buckets.find((b) => b.bucketHash === KINETIC)!;
    const other = (await inBucket(KINETIC, db)).find((hash) => hash !== HAWKMOON)!;

    const v2 = await publish('v2', HAWKMOON, other, v1);
    const patched = v2.index.buckets.find((b) => b.bucketHash === KINETIC)!;
    expect(patched.key).toBe(kinetic.key);
    const second = sourceOf(v2);
    const result = await syncShards(db, second.source, new Set([KINETIC]));
    expect(second.calls.shards).toEqual([patched.patch!.key]);
    expect(result.dropped).toEqual([]);
    expect(await nameOf(HAWKMOON, db)).toBe('Renamed');
    expect(await nameOf(other, db)).toBeUndefined();
    expect((await inBucket(KINETIC, db)).length).toBe(kinetic.count - 1);

    // Both undone: the next patch (over the same base) names them again, with the base's values.
    const v3 = await publish('v3', undefined, undefined, v2);
    const third = sourceOf(v3);
    const undone = await syncShards(db, third.source, new Set([KINETIC]));
    const latest = v3.index.buckets.find((b) => b.bucketHash === KINETIC)!;
    expect(third.calls.shards).toEqual([latest.patch!.key]);
    expect(undone.dropped).toEqual([patched.patch!.key]);
    expect(await nameOf(HAWKMOON, db)).toBe('Hawkmoon');
    expect(await nameOf(other, db)).toBeDefined();
    expect((await inBucket(KINETIC, db)).length).toBe(kinetic.count);

    // An item that moves to another bucket: the bucket it left says it is gone (after the other
    // stored it, in index order), and the device keeps it under its new bucket.
    await syncShards(db, sourceOf(v3).source, new Set([KINETIC, ENERGY]));
    const mover = (await inBucket(ENERGY, db))[0]!;
    const v4 = await publish('v4', undefined, undefined, v3, { hash: mover, to: KINETIC });
    const fourth = sourceOf(v4);
    await syncShards(db, fourth.source, new Set([KINETIC, ENERGY]));
    expect(fourth.calls.shards).toHaveLength(2);
    expect((await readDefinitions(db, [mover])).get(mover)?.bucketHash).toBe(KINETIC);

    // A device arriving now downloads the base and its patch, and holds the same.
    const fresh = new VaultDatabase(`test-${Math.random()}`);
    await syncShards(fresh, sourceOf(v3).source, new Set([KINETIC]));
    expect((await inBucket(KINETIC, fresh)).length).toBe(kinetic.count);
    expect(await nameOf(HAWKMOON, fresh)).toBe('Hawkmoon');
    await fresh.delete();
  });
});

describe('syncShards with downloads done elsewhere', () => {
  const elsewhere = () => {
    const handed = { count: 0 };
    const result = { version: 'elsewhere', downloaded: ['done elsewhere'], dropped: [] };
    return { handed, downloadElsewhere: async () => (handed.count++, result), result };
  };

  it('hands the whole sync over when a shard is missing, having downloaded and stored nothing', async () => {
    const { source, calls } = sourceOf(await publish('v1'));
    const { handed, downloadElsewhere, result } = elsewhere();
    let given: unknown;
    const v1Elsewhere = (read: unknown) => ((given = read), downloadElsewhere());
    expect(
      await syncShards(db, source, new Set([KINETIC]), { downloadElsewhere: v1Elsewhere })
    ).toBe(result);
    expect(handed.count).toBe(1);
    // Handed the index just read, so it need not ask again.
    expect(given).toMatchObject({ index: { version: 'v1' }, etag: '"v1"' });
    expect(calls.index).toBe(1);
    expect(calls.shards).toEqual([]);
    expect(await db.shards.count()).toBe(0);
    expect(await db.meta.get('shardIndex')).toBeUndefined();
  });

  it('finishes here when every shard is on the device already', async () => {
    const { source, calls } = sourceOf(await publish('v1'));
    await syncShards(db, source, new Set([KINETIC]));
    const downloads = calls.shards.length;
    const { handed, downloadElsewhere } = elsewhere();
    const again = await syncShards(db, source, new Set([KINETIC]), { downloadElsewhere });
    expect(handed.count).toBe(0);
    expect(again).toMatchObject({ version: 'v1', downloaded: [], dropped: [] });
    expect(calls.shards.length).toBe(downloads);
  });
});

describe('recheckUnknownItems', () => {
  const HAWKMOON = 3856705927;
  const inVault = (hash: number, bucketHash = KINETIC): InventoryItem => ({
    id: `i${hash}`,
    instanced: true,
    hash,
    bucketHash,
    locationBucketHash: 138197802,
    owner: 'vault',
    equipped: false,
    quantity: 1,
    locked: false,
    masterwork: false,
    transferable: true
  });

  it('re-checks the index once for an item the device lacks and finds it in a newer publish', async () => {
    const { source, republish } = sourceOf(await publish('v1', undefined, HAWKMOON));
    await syncShards(db, source, new Set([KINETIC]));
    expect(await nameOf(HAWKMOON, db)).toBeUndefined();
    republish(await publish('v2'));
    const rechecked = new Set<number>();
    const first = await recheckUnknownItems(db, source, [inVault(HAWKMOON)], rechecked);
    expect(first.asked).toEqual([HAWKMOON]);
    expect(first.found).toEqual([HAWKMOON]);
    expect(await nameOf(HAWKMOON, db)).toBe('Hawkmoon');
  });

  it('asks once only while the newest index still lacks the item', async () => {
    const { source, calls } = sourceOf(await publish('v1', undefined, HAWKMOON));
    await syncShards(db, source, new Set([KINETIC]));
    const rechecked = new Set<number>();
    const before = calls.index;
    const first = await recheckUnknownItems(db, source, [inVault(HAWKMOON)], rechecked);
    expect(first).toMatchObject({ asked: [HAWKMOON], found: [] });
    // The re-check asked for the index itself (no If-None-Match), and downloaded nothing new.
    expect(calls.index).toBe(before + 1);
    expect(first.downloaded).toEqual([]);
    const second = await recheckUnknownItems(db, source, [inVault(HAWKMOON)], rechecked);
    expect(second.asked).toEqual([]);
    expect(calls.index).toBe(before + 1);
  });

  it('does nothing when every item is known', async () => {
    const { source, calls } = sourceOf(await publish('v1'));
    await syncShards(db, source, new Set([KINETIC]));
    const before = calls.index;
    expect((await recheckUnknownItems(db, source, [inVault(HAWKMOON)], new Set())).asked).toEqual(
      []
    );
    expect(calls.index).toBe(before);
  });
});

describe('storeProfile', () => {
  const profile = (mintedAt: string, light: number): ProfileResponse => ({
    membershipType: 2,
    membershipId: '1',
    mintedAt,
    characters: [
      {
        characterId: 'c',
        classType: 1,
        classHash: 1,
        light,
        raceType: 0,
        genderType: 0,
        dateLastPlayed: mintedAt,
        minutesPlayedTotal: 1
      }
    ],
    items: []
  });

  it("keeps the newest by Bungie's mint time, whatever order responses arrive in", async () => {
    expect((await storeProfile(db, profile('2026-11-22T10:00:00Z', 10))).replaced).toBe(true);
    expect((await storeProfile(db, profile('2026-11-22T09:00:00Z', 9))).replaced).toBe(false);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(10);
    expect((await storeProfile(db, profile('2026-11-22T11:00:00Z', 11))).replaced).toBe(true);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(11);
  });

  it('a refresh that brings nothing new rewrites only the stamp, which still keeps out older answers', async () => {
    const same = (mintedAt: string, light = 10): ProfileResponse => ({
      ...profile(mintedAt, light),
      characters: [
        { ...profile(mintedAt, light).characters[0]!, dateLastPlayed: '2026-11-22T08:00:00Z' }
      ]
    });
    const first = await storeProfile(db, same('2026-11-22T10:00:00Z'), { now: () => 1_000 });
    const again = await storeProfile(db, same('2026-11-22T11:00:00Z'), { now: () => 2_000 });
    expect(again.replaced).toBe(false);
    // One digest names the content, whenever it was heard: the vault compares it to skip a re-render.
    expect(first.record.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(again.record.digest).toBe(first.record.digest);
    // The profile itself was not written again…
    expect((await db.profiles.get('1'))?.profile.mintedAt).toBe('2026-11-22T10:00:00Z');
    // …yet the device knows it heard it at 11:00, just now.
    const held = await readLocalProfile(db);
    expect(held?.profile.mintedAt).toBe('2026-11-22T11:00:00Z');
    expect(held?.savedAt).toBe(2_000);
    expect(held?.digest).toBe(first.record.digest);
    // A slow answer minted between the two is older than what the device holds.
    expect((await storeProfile(db, same('2026-11-22T10:30:00Z', 9))).replaced).toBe(false);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(10);
  });

  it('keeps item details apart from the profile, so the paint reads the profile alone', async () => {
    const details = { '6917529000000000001': { sockets: [[11, 12], null, [13]] } };
    await storeProfile(db, { ...profile('2026-11-22T10:00:00Z', 10), itemDetails: details });
    expect((await db.profiles.get('1'))?.profile).not.toHaveProperty('itemDetails');
    expect((await readLocalProfile(db))?.profile).not.toHaveProperty('itemDetails');
    expect(await readItemDetails(db, '1')).toEqual(details);
    // Changed sockets are a changed profile: stored, and the other tabs told.
    const changed = { '6917529000000000001': { sockets: [[12, 11], null, [13]] } };
    const next = await storeProfile(db, {
      ...profile('2026-11-22T11:00:00Z', 10),
      itemDetails: changed
    });
    expect(next.replaced).toBe(true);
    expect(await readItemDetails(db, '1')).toEqual(changed);
    // A newer read of where items are, without details (the move runner's), leaves them.
    expect((await storeProfile(db, profile('2026-11-22T11:30:00Z', 11))).replaced).toBe(true);
    expect(await readItemDetails(db, '1')).toEqual(changed);
    // An older answer does not replace them.
    await storeProfile(db, { ...profile('2026-11-22T09:00:00Z', 10), itemDetails: details });
    expect(await readItemDetails(db, '1')).toEqual(changed);
    expect(await readItemDetails(db, 'another account')).toEqual({});
  });

  it('a profile stored before stamps existed still keeps out older answers', async () => {
    await db.profiles.put({
      membershipId: '1',
      profile: profile('2026-11-22T10:00:00Z', 10),
      savedAt: 1
    });
    await db.meta.put({ key: 'lastMembership', value: '1' });
    expect((await storeProfile(db, profile('2026-11-22T09:00:00Z', 9))).replaced).toBe(false);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(10);
  });

  it('keeps the edge\'s tag with the stamp; an "unchanged" answer writes only a newer mint time and when it was heard', async () => {
    await storeProfile(db, profile('2026-11-22T10:00:00Z', 10), { etag: '"a"', now: () => 1_000 });
    expect((await readLocalProfile(db))?.etag).toBe('"a"');
    expect(await noteUnchanged(db, '1', '"a"', '2026-11-22T11:00:00Z', () => 2_000)).toBe(2_000);
    const held = await readLocalProfile(db);
    expect(held).toMatchObject({ savedAt: 2_000, etag: '"a"' });
    expect(held?.profile.mintedAt).toBe('2026-11-22T11:00:00Z');
    expect((await db.profiles.get('1'))?.profile.mintedAt).toBe('2026-11-22T10:00:00Z');
    // A late "unchanged" minted before what the device holds changes nothing.
    expect(await noteUnchanged(db, '1', '"a"', '2026-11-22T10:30:00Z', () => 3_000)).toBe(2_000);
    expect((await readLocalProfile(db))?.profile.mintedAt).toBe('2026-11-22T11:00:00Z');
    // The newer mint time still keeps out an older full answer.
    expect((await storeProfile(db, profile('2026-11-22T10:45:00Z', 9))).replaced).toBe(false);
  });

  it("names an answer of the edge by the edge's tag and the definitions, not by hashing the profile again", async () => {
    const details = { '6917529000000000001': { sockets: [[11, 12], null, [13]] } };
    const hawkmoon = { name: 'Hawkmoon', tier: 6, type: 3 };
    const answer = { ...profile('2026-11-22T10:00:00Z', 10), itemDetails: details };
    const first = await storeProfile(db, answer, { etag: '"a"', definitions: { 1: hawkmoon } });
    expect(first.replaced).toBe(true);
    expect(first.record.digest).toMatch(/^[0-9a-f]{64}$/);
    // A "not modified" for that tag: the shown profile (its details kept apart) with a newer mint
    // time and the same definitions, now from the device's shards. The same content: not rewritten.
    const { itemDetails: _kept, ...shown } = answer;
    const confirmed = await storeProfile(
      db,
      { ...shown, mintedAt: '2026-11-22T11:00:00Z' },
      { etag: '"a"', definitions: { 1: { ...hawkmoon } } }
    );
    expect(confirmed.replaced).toBe(false);
    expect(confirmed.record.digest).toBe(first.record.digest);
    expect(await readItemDetails(db, '1')).toEqual(details);
    // A proxy that compresses weakens the tag; it still names the same content.
    const weakened = await storeProfile(
      db,
      { ...shown, mintedAt: '2026-11-22T11:05:00Z' },
      { etag: 'W/"a"', definitions: { 1: hawkmoon } }
    );
    expect(weakened.record.digest).toBe(first.record.digest);
    // Definitions that changed (a new publish) are a change, under the same tag.
    const renamed = await storeProfile(
      db,
      { ...shown, mintedAt: '2026-11-22T11:10:00Z' },
      { etag: '"a"', definitions: { 1: { ...hawkmoon, name: 'Hawkmoon (renamed)' } } }
    );
    expect(renamed.replaced).toBe(true);
    expect((await db.profiles.get('1'))?.definitions?.[1]?.name).toBe('Hawkmoon (renamed)');
    // A new tag is new content.
    const other = await storeProfile(
      db,
      { ...answer, mintedAt: '2026-11-22T11:20:00Z' },
      {
        etag: '"b"',
        definitions: { 1: { ...hawkmoon, name: 'Hawkmoon (renamed)' } }
      }
    );
    expect(other.replaced).toBe(true);
    // What the device changed itself has no tag, and is named by its content: never by a tag's name.
    const applied = await storeProfile(
      db,
      { ...answer, mintedAt: '2026-11-22T12:00:00Z' },
      { definitions: { 1: { ...hawkmoon, name: 'Hawkmoon (renamed)' } } }
    );
    expect(applied.replaced).toBe(true);
    expect(applied.record.digest).not.toBe(other.record.digest);
  });

  it('a stamp left without its profile (the rows cleared to free space) holds nothing: the next answer is stored in full', async () => {
    const details = { '6917529000000000001': { sockets: [[11, 12], null, [13]] } };
    const answer = { ...profile('2026-11-22T10:00:00Z', 10), itemDetails: details };
    const definitions = { 1: { name: 'Hawkmoon', tier: 6, type: 3 } };
    await storeProfile(db, answer, { etag: '"a"', definitions });
    await db.transaction('rw', db.profiles, db.itemDetails, async () => {
      await db.profiles.clear();
      await db.itemDetails.clear();
    });
    expect(await noteUnchanged(db, '1', '"a"', '2026-11-22T11:00:00Z')).toBeUndefined();
    const again = await storeProfile(
      db,
      { ...answer, mintedAt: '2026-11-22T11:00:00Z' },
      { etag: '"a"', definitions }
    );
    expect(again.replaced).toBe(true);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(10);
    expect(await readItemDetails(db, '1')).toEqual(details);
  });

  it('an "unchanged" answer for a profile the device no longer holds is refused, so the caller stores in full', async () => {
    expect(await noteUnchanged(db, '1', '"a"', '2026-11-22T11:00:00Z')).toBeUndefined();
    await storeProfile(db, profile('2026-11-22T10:00:00Z', 10), { etag: '"a"' });
    // Moves applied on the device: what it holds is no longer the edge's answer under any tag.
    await storeProfile(db, profile('2026-11-22T10:05:00Z', 11));
    expect((await readLocalProfile(db))?.etag).toBeNull();
    expect(await noteUnchanged(db, '1', '"a"', '2026-11-22T11:00:00Z')).toBeUndefined();
    expect((await readLocalProfile(db))?.profile.mintedAt).toBe('2026-11-22T10:05:00Z');
  });

  it('survives closing and reopening the database', async () => {
    await storeProfile(db, profile('2026-11-22T10:00:00Z', 10));
    db.close();
    const reopened = new VaultDatabase(db.name);
    expect((await readLocalProfile(reopened))?.profile.characters[0]!.light).toBe(10);
    reopened.close();
  });
});
