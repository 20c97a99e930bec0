import type { InventoryItem } from '$lib/domain/inventory/model';
import {
  markRolls,
  readWishlistPage,
  type RollMark,
  type WishlistPage
} from '$lib/domain/wishlists/wishlist-shards';
import type { WishlistRoll } from '$lib/domain/wishlists/parse-wishlist';
import type { StoredShardIndex, VaultDatabase } from './db/database';
import { readItemDetails } from './profile-sync';

/** The wish list's rolls, read from the device once per published list (its page keys). */
let rolls: { keys: string; rolls: Map<number, WishlistRoll[]> } | undefined;

async function readRolls(db: VaultDatabase): Promise<Map<number, WishlistRoll[]>> {
  const stored = (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
  const pages = stored?.index.wishlist?.pages ?? [];
  const keys = pages.map((p) => p.key).join(' ');
  if (rolls?.keys === keys) return rolls.rolls;
  const records = await db.shards.bulkGet(pages.map((p) => p.key));
  // A page still downloading: judged without the list for now, and again once it is there.
  if (records.some((r) => !r)) return new Map();
  const all = new Map(
    records.flatMap((record) => [...readWishlistPage(record!.body as WishlistPage)])
  );
  rolls = { keys, rolls: all };
  return all;
}

/**
 * How the wish list judges the player's rolls, by item id: read from the device after the vault is
 * painted (the tiles gain their marks a moment later), never from the network.
 */
class RollMarks {
  marks = $state.raw(new Map<string, RollMark>());

  async refresh(
    db: VaultDatabase,
    membershipId: string,
    items: readonly InventoryItem[]
  ): Promise<void> {
    const [details, wishlist] = await Promise.all([
      readItemDetails(db, membershipId),
      readRolls(db)
    ]);
    this.marks = markRolls(items, details, wishlist);
  }
}

export const rollMarks = new RollMarks();
