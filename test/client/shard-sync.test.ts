import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultDatabase } from '$lib/client/db/database';
import { readLocalProfile, storeProfile } from '$lib/client/profile-sync';
import { syncShards, type ShardSource } from '$lib/client/shard-sync';
import { buildShards, ShardCollector } from '$lib/domain/shards/build-shards';
import type { ShardIndex } from '$lib/domain/shards/shard-index';
import { readBuckets } from '$lib/domain/shards/small-tables';
import type { ProfileResponse } from '$lib/shared/api-shapes';

const fixtures = new URL('../fixtures/bungie/', import.meta.url);
const read = (name: string) => {
  const bytes = readFileSync(new URL(name, fixtures));
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
};
const definitions: Record<string, Record<string, unknown>> = { ...read('DestinyInventoryItemDefinition.projected.json.gz'), ...read('DestinyInventoryItemDefinition.raw-subset.json.gz') };
const buckets = readBuckets(read('DestinyInventoryBucketDefinition.2023-04-13.json'));
const KINETIC = 1498876634;
const ENERGY = 2465295065;

/** Publishes the real definitions (optionally renaming one item) the way the publisher does, in memory. */
async function publish(version: string, rename?: number) {
  const collector = new ShardCollector(buckets);
  for (const [key, def] of Object.entries(definitions)) {
    const changed = Number(key) === rename ? { ...def, displayProperties: { ...(def.displayProperties as object), name: 'Renamed' } } : def;
    collector.add(key, JSON.stringify(changed));
  }
  const files = new Map<string, string>();
  const index = await buildShards({ collector, buckets, tables: { buckets: {}, classes: {}, damageTypes: {} }, version, sourcePath: `/${version}.json`, publishedAt: new Date().toISOString(), digest: async (t) => createHash('sha256').update(t).digest('hex'), emit: async (f) => void files.set(f.key, f.body) });
  return { index, files };
}

/** A shard source over a published set, counting what the device asks for. */
function sourceOf(published: { index: ShardIndex; files: Map<string, string> }) {
  const calls = { index: 0, shards: [] as string[] };
  const etag = `"${published.index.version}"`;
  const source: ShardSource = {
    async index(have) {
      calls.index++;
      return have === etag ? null : { index: published.index, etag };
    },
    async shard(key) {
      calls.shards.push(key);
      return JSON.parse(published.files.get(key)!);
    }
  };
  return { source, calls };
}

let db: VaultDatabase;
beforeEach(() => {
  db = new VaultDatabase(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('syncShards', () => {
  it('downloads only the tables and the buckets the player uses', async () => {
    const v1 = await publish('v1');
    const { source, calls } = sourceOf(v1);
    const result = await syncShards(db, source, new Set([KINETIC, ENERGY]));
    // The tables the device reads (not the edge's item-to-bucket table) and the two buckets.
    expect(result.downloaded).toHaveLength(v1.index.tables.length - 1 + 2);
    expect(calls.shards.every((k) => v1.index.tables.some((t) => t.key === k) || v1.index.buckets.some((b) => b.key === k && [KINETIC, ENERGY].includes(b.bucketHash)))).toBe(true);
    const kinetic = v1.index.buckets.find((b) => b.bucketHash === KINETIC)!;
    expect(await db.definitions.where('bucketHash').equals(KINETIC).count()).toBe(kinetic.count);
    expect((await db.definitions.get(3856705927))?.item.name).toBe('Hawkmoon');
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
    expect((await db.definitions.get(3856705927))?.item.name).toBe('Renamed');
    expect(await db.definitions.where('shardKey').equals(oldKinetic).count()).toBe(0);
  });
});

describe('storeProfile', () => {
  const profile = (mintedAt: string, light: number): ProfileResponse => ({ membershipType: 2, membershipId: '1', mintedAt, characters: [{ characterId: 'c', classType: 1, classHash: 1, light, raceType: 0, genderType: 0, dateLastPlayed: mintedAt, minutesPlayedTotal: 1 }], items: [] });

  it('keeps the newest by Bungie\'s mint time, whatever order responses arrive in', async () => {
    expect((await storeProfile(db, profile('2026-11-22T10:00:00Z', 10))).replaced).toBe(true);
    expect((await storeProfile(db, profile('2026-11-22T09:00:00Z', 9))).replaced).toBe(false);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(10);
    expect((await storeProfile(db, profile('2026-11-22T11:00:00Z', 11))).replaced).toBe(true);
    expect((await readLocalProfile(db))?.profile.characters[0]!.light).toBe(11);
  });

  it('survives closing and reopening the database', async () => {
    await storeProfile(db, profile('2026-11-22T10:00:00Z', 10));
    db.close();
    const reopened = new VaultDatabase(db.name);
    expect((await readLocalProfile(reopened))?.profile.characters[0]!.light).toBe(10);
    reopened.close();
  });
});
