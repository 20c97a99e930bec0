/**
 * What the simulator needs to know about an item definition to enforce the game's rules.
 * Derived from Bungie's `DestinyInventoryItemDefinition`; see data/real-definitions.ts for how
 * missing fields of the projected fixture are filled in.
 */
export interface ItemRules {
  hash: number;
  name: string;
  /** `inventory.bucketTypeHash`: the slot the item lives in on a character. */
  bucketHash: number;
  /** 0 Titan, 1 Hunter, 2 Warlock, 3 any class. */
  classType: number;
  /** 6 is Exotic. */
  tierType: number;
  itemType: number;
  equippable: boolean;
  /** Bungie's `equippingBlock.uniqueLabel`: at most one equipped item per label and character. */
  uniqueLabel: string | undefined;
  maxStackSize: number;
  nonTransferrable: boolean;
  /** Bungie's `equippingBlock.equipableItemSetHash`: the armor set a piece belongs to. */
  set?: number | undefined;
}

export const VAULT_BUCKET = 138197802;
export const POSTMASTER_BUCKET = 215593132;
export const EXOTIC_TIER = 6;

/** DestinyItemType values (Bungie's enum) granted by the top-level item categories. */
const itemTypeByCategory: ReadonlyMap<number, number> = new Map([
  [1, 3], // Weapon
  [20, 2], // Armor
  [39, 24], // Ghost
  [42, 21], // Ships
  [43, 22], // Sparrows
  [19, 14], // Emblems
  [50, 16], // Subclasses
  [44, 23], // Emotes
  [59, 19], // Mods
  [35, 9], // Consumables
  [34, 8], // Engrams
  [53, 12], // Quest
  [1784235469, 26] // Bounties
]);

export function deriveItemType(itemCategoryHashes: readonly number[] | null | undefined): number {
  for (const category of itemCategoryHashes ?? []) {
    const type = itemTypeByCategory.get(category);
    if (type !== undefined) return type;
  }
  return 0;
}

export function deriveUniqueLabel(itemType: number, tierType: number): string | undefined {
  if (tierType !== EXOTIC_TIER) return undefined;
  if (itemType === 3) return 'exotic_weapon';
  if (itemType === 2) return 'exotic_armor';
  return undefined;
}
