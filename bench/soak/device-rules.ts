import type { VaultDatabase } from '$lib/client/db/database';
import { readDefinitions } from '$lib/client/device-definitions';
import { createHttpShardSource, syncShards } from '$lib/client/shard-sync';
import { planRulesFrom, type PlanRules } from '$lib/domain/moves/plan';
import type { ShardIndex } from '$lib/domain/shards/shard-index';
import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { ProfileResponse } from '$lib/shared/api-shapes';

/**
 * Syncs a soak's device (its Dexie database) with the app's shards for the buckets of `profile`,
 * as the browser does, and answers the planner's rules from what it then holds: definitions by
 * hash and bucket sizes.
 */
export async function syncedRules(
  db: VaultDatabase,
  appUrl: string,
  profile: ProfileResponse
): Promise<{
  rules: (profile: Pick<ProfileResponse, 'characters'>) => PlanRules;
  definitions: ReadonlyMap<number, SlimItem>;
}> {
  await syncShards(
    db,
    createHttpShardSource((input, init) => fetch(`${appUrl}${String(input)}`, init)),
    new Set(profile.items.map((i) => i.bucketHash).filter((b) => b !== 0))
  );
  const index = ((await db.meta.get('shardIndex'))!.value as { index: ShardIndex }).index;
  const bucketTable = (await db.shards.get(index.tables.find((t) => t.name === 'buckets')!.key))!
    .body as { buckets: Record<string, { itemCount: number }> };
  const definitions = new Map(
    [...(await readDefinitions(db))].map(([hash, { item }]) => [hash, item] as [number, SlimItem])
  );
  return {
    definitions,
    rules: (of) =>
      planRulesFrom(
        of.characters,
        (hash) => definitions.get(hash),
        (bucket) => bucketTable.buckets[bucket]?.itemCount
      )
  };
}
