/**
 * A player's own data, as the edge keeps it and the device shows it: tags and notes on items,
 * loadouts and searches. The shapes follow DIM's sync service (dim-api `api/shapes/`), so a DIM
 * backup imports without translation and an export reads back into DIM.
 */

/** The tags a player can put on an item, in the order a menu offers them. */
export const ITEM_TAGS = ['favorite', 'keep', 'infuse', 'junk', 'archive'] as const;
export type ItemTag = (typeof ITEM_TAGS)[number];

/** The tag's name as a player reads it. */
export const TAG_NAMES: Record<ItemTag, string> = {
  favorite: 'Favorite',
  keep: 'Keep',
  infuse: 'Infuse',
  junk: 'Junk',
  archive: 'Archive'
};

export const isItemTag = (value: unknown): value is ItemTag =>
  typeof value === 'string' && (ITEM_TAGS as readonly string[]).includes(value);

/** Tag and notes of one instanced item, by its instance id. */
export interface ItemAnnotation {
  id: string;
  tag?: ItemTag;
  notes?: string;
  /** For crafted weapons (epoch seconds): a reshaped weapon keeps its id, DIM keeps this beside it. */
  craftedDate?: number;
}

/** Tag and notes of every copy of an uninstanced item (shaders, consumables), by item hash. */
export interface HashAnnotation {
  hash: number;
  tag?: ItemTag;
  notes?: string;
}

export interface LoadoutItem {
  /** The instance id; "0" for an uninstanced item. */
  id: string;
  hash: number;
  amount?: number;
  /** Socket index → plug hash the loadout puts in it. */
  socketOverrides?: Record<string, number>;
  craftedDate?: number;
}

/** A loadout as DIM keeps it; fields this app does not read yet (parameters) travel unchanged. */
export interface Loadout {
  id: string;
  name: string;
  /** 0 Titan, 1 Hunter, 2 Warlock, 3 any class. */
  classType: number;
  equipped: LoadoutItem[];
  unequipped: LoadoutItem[];
  notes?: string;
  clearSpace?: boolean;
  parameters?: Record<string, unknown>;
  /** Epoch ms. */
  createdAt?: number;
  lastUpdatedAt?: number;
}

/** A search the player ran (recent) or kept (saved). */
export interface SavedSearch {
  query: string;
  saved: boolean;
  usageCount: number;
  /** Epoch ms. */
  lastUsage: number;
}

/**
 * One change a device sends. `id` names this update, not its target: the edge applies an update id
 * once, so a batch sent again after a lost answer changes nothing twice. In annotations, a field
 * left out stays as it is and `null` clears it; both cleared removes the annotation.
 */
export type PlayerDataUpdate =
  | {
      id: string;
      action: 'annotation';
      itemId: string;
      tag?: ItemTag | null;
      notes?: string | null;
      craftedDate?: number;
    }
  | {
      id: string;
      action: 'hash_annotation';
      itemHash: number;
      tag?: ItemTag | null;
      notes?: string | null;
    }
  | { id: string; action: 'loadout'; loadout: Loadout }
  | { id: string; action: 'delete_loadout'; loadoutId: string }
  /** Records a search: `uses` more runs of it, and whether it is saved when said. */
  | { id: string; action: 'search'; query: string; uses?: number; saved?: boolean }
  | { id: string; action: 'delete_search'; query: string };

export type UpdateAction = PlayerDataUpdate['action'];

/** How one update went: applied, applied earlier (the same update id), or refused. */
export type UpdateResult =
  | { id: string; status: 'applied' | 'already_applied' }
  | { id: string; status: 'not_found'; message: string };

/** Everything the edge holds for a player, or what changed since a cursor. */
export interface PlayerDataChanges {
  /** Pass back as `since` to get only later changes. */
  cursor: string;
  /** True when this is everything (no `since`, or one too old to answer from): replace, not merge. */
  full: boolean;
  annotations: ItemAnnotation[];
  hashAnnotations: HashAnnotation[];
  loadouts: Loadout[];
  searches: SavedSearch[];
  /** What was removed since the cursor (empty when `full`). */
  deleted: {
    annotations: string[];
    hashAnnotations: number[];
    loadouts: string[];
    searches: string[];
  };
}

export interface PlayerDataBatchResponse {
  results: UpdateResult[];
}
