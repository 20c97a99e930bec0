import type { ItemSheet } from '$lib/domain/details/item-sheet';
import type { InventoryItem } from '$lib/domain/inventory/model';
import type { VaultDatabase } from './db/database';
import { itemSheetReader } from './item-sheet';

const ARMOR = 2;
const WEAPON = 3;

/**
 * The item sheets of the player's weapons and armor, for the search's `perk:`, `perkname:` and
 * `stat:` filters: built from the device alone (the profile's sockets, the detail shards), once
 * per account and per arrival of detail shards, and only when a query asks for them.
 */
class SearchSheets {
  sheets = $state.raw(new Map<string, ItemSheet>());
  private built: string | null = null;

  async ensure(
    db: VaultDatabase,
    membershipId: string,
    items: readonly InventoryItem[],
    typeOf: (hash: number) => number | undefined,
    detailsRevision: number
  ): Promise<void> {
    const key = `${membershipId}:${detailsRevision}:${items.length}`;
    if (key === this.built) return;
    this.built = key;
    const read = await itemSheetReader(db, membershipId);
    const built: [string, ItemSheet][] = [];
    for (const item of items) {
      const type = typeOf(item.hash);
      if (item.instanced && (type === WEAPON || type === ARMOR))
        built.push([item.id, await read(item, type)]);
    }
    // Replaced whole, never changed in place: a plain map behind $state.raw.
    if (key === this.built) this.sheets = new Map(built);
  }
}

export const searchSheets = new SearchSheets();
