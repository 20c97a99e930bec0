/**
 * The inventory as the domain reasons about it: where each item is, the characters that hold them,
 * and a vendor's stock. The edge builds these from Bungie's answers; the planner, the search and
 * the pages read them; `/api` carries them as they are.
 */

/** Where an item is: the vault, an account-wide bucket, or a character (its id). */
export type ItemOwner = 'vault' | 'account' | (string & {});

export interface CharacterSummary {
  characterId: string;
  /** 0 Titan, 1 Hunter, 2 Warlock. */
  classType: number;
  classHash: number;
  light: number;
  raceType: number;
  genderType: number;
  emblemPath?: string;
  emblemBackgroundPath?: string;
  emblemColor?: { red: number; green: number; blue: number };
  dateLastPlayed: string;
  minutesPlayedTotal: number;
}

export interface InventoryItem {
  /** The instance id, or for a stack a key stable across refreshes: `<hash>:<owner>:<bucket>:<n>`. */
  id: string;
  instanced: boolean;
  hash: number;
  /** The slot bucket from the item's definition (where it goes on a character); 0 when unknown. */
  bucketHash: number;
  /** The bucket it sits in now: the vault (138197802), the postmaster (215593132), or its slot. */
  locationBucketHash: number;
  owner: ItemOwner;
  equipped: boolean;
  power?: number;
  /** Edge of Fate's gear tier (1–5) of an instance that has one. */
  gearTier?: number;
  quantity: number;
  locked: boolean;
  masterwork: boolean;
  /** Shaped at the Enclave (crafted), where Bungie's item state says so. */
  crafted?: true;
  transferable: boolean;
}

/** One of a character's in-game loadout slots (Bungie's component 206); an empty slot has no items. */
export interface InGameLoadout {
  /** The slot's place, as Bungie's Loadouts actions name it. */
  index: number;
  nameHash: number;
  iconHash: number;
  colorHash: number;
  itemIds: string[];
}

/** One account's characters and items as Bungie last said, with when Bungie minted that answer. */
export interface InventorySnapshot {
  membershipType: number;
  membershipId: string;
  /** Bungie's `responseMintedTimestamp`: a client keeps the newest it has seen. */
  mintedAt: string;
  characters: CharacterSummary[];
  items: InventoryItem[];
  /** Each character's in-game loadout slots, by character id (as many as Bungie gives). */
  inGameLoadouts?: Record<string, InGameLoadout[]>;
}

export interface VendorSaleItem {
  hash: number;
  /** The item's slot bucket, so the device can fetch its definitions shard; 0 when unknown. */
  bucketHash: number;
  costs: { hash: number; quantity: number }[];
}

/** What a vendor (Xûr) sells now, or that he is away. */
export interface VendorStock {
  present: boolean;
  /** When his stock next changes. */
  nextRefreshDate?: string;
  items: VendorSaleItem[];
  fetchedAt: string;
}
