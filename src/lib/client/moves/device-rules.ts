import { planRulesFrom, type PlanRules } from '$lib/domain/moves/plan';
import type { ProfileResponse } from '$lib/shared/api-shapes';
import type { StoredShardIndex, VaultDatabase } from '../db/database';
import { readLocalProfile } from '../profile-sync';

/**
 * The planner's rules from what the device holds (the last profile's definitions, the bucket
 * table), for a runner with no page around it: the service worker's Background Sync. Undefined
 * while the device lacks them (its data was cleared and is being fetched again): planned blind, a
 * move into a full slot would be sent without making room and refused.
 */
export async function deviceRules(
  db: VaultDatabase
): Promise<((profile: ProfileResponse) => PlanRules) | undefined> {
  const record = await readLocalProfile(db);
  const stored = (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
  const key = stored?.index.tables.find((t) => t.name === 'buckets')?.key;
  const table = key
    ? ((await db.shards.get(key))?.body as
        { buckets: Record<string, { itemCount: number }> } | undefined)
    : undefined;
  const definitions = record?.definitions;
  if (!definitions || !table) return undefined;
  const { buckets } = table;
  return (profile) =>
    planRulesFrom(
      profile.characters,
      (hash) => definitions[hash],
      (bucketHash) => buckets[bucketHash]?.itemCount
    );
}
