import { PROFILE_STAMP_PREFIX, type VaultDatabase } from './database';

/**
 * The `meta` entries that belong to the player (their account, where their items were put, what
 * Xûr showed their characters), as opposed to the app's own (the shard index, the edge's config).
 */
const PLAYER_META_KEYS = ['lastMembership', 'placedItems', 'xur'] as const;

/**
 * Deletes everything the device holds of the players who used it: profiles, item details, the
 * outbox, tags, notes and loadouts not yet sent, and their bookkeeping, in one transaction (all or nothing). Bungie's public definitions
 * (shards) stay: they say nothing about anyone, and the next sign-in paints at once with them.
 */
export async function forgetPlayerData(db: VaultDatabase): Promise<void> {
  const tables = [db.profiles, db.itemDetails, db.outbox, db.playerData, db.edits, db.meta];
  await db.transaction('rw', tables, async () => {
    await db.profiles.clear();
    await db.itemDetails.clear();
    await db.outbox.clear();
    await db.playerData.clear();
    await db.edits.clear();
    await db.meta.bulkDelete([...PLAYER_META_KEYS]);
    await db.meta.where('key').startsWith(PROFILE_STAMP_PREFIX).delete();
  });
}
