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

interface WishlistReading {
  rolls: Map<number, WishlistRoll[]>;
  /** Enhanced perk → base perk (a detail table), so an enhanced roll counts as its base roll. */
  baseOf: Map<number, number>;
}

/** The wish list's rolls, read from the device once per published list (its shards' keys). */
let held: { keys: string; reading: WishlistReading } | undefined;

async function readRolls(db: VaultDatabase): Promise<WishlistReading> {
  const stored = (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
  const pages = stored?.index.wishlist?.pages ?? [];
  const enhancedKey = stored?.index.details?.tables.find((t) => t.name === 'enhancedPerks')?.key;
  const keys = [...pages.map((p) => p.key), enhancedKey ?? ''].join(' ');
  if (held?.keys === keys) return held.reading;
  const [records, enhanced] = await Promise.all([
    db.shards.bulkGet(pages.map((p) => p.key)),
    enhancedKey ? db.shards.get(enhancedKey) : undefined
  ]);
  // A shard still downloading: judged without the list (or the pairs) for now, again once it is there.
  if (records.some((r) => !r)) return { rolls: new Map(), baseOf: new Map() };
  const reading = {
    rolls: new Map(
      records.flatMap((record) => [...readWishlistPage(record!.body as WishlistPage)])
    ),
    baseOf: new Map(
      Object.entries(
        (enhanced?.body as { enhancedPerks?: Record<string, number> } | undefined)?.enhancedPerks ??
          {}
      ).map(([hash, base]) => [Number(hash), base])
    )
  };
  if (!enhancedKey || enhanced) held = { keys, reading };
  return reading;
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
    this.marks = markRolls(items, details, wishlist.rolls, wishlist.baseOf);
  }
}

export const rollMarks = new RollMarks();
