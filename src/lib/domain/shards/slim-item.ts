/**
 * The slim item record: only what the UI and the move planner read. Bungie's full definition is
 * about 2 KB an item; this is about 100 bytes. Fields at their usual value are left out.
 */
export interface SlimItem {
  name: string;
  /** Icon path under /common/destiny2_content/icons/, without that prefix. */
  icon?: string;
  /** TierType: 6 Exotic, 5 Legendary, 4 Rare, 3 Common, 2 Basic. */
  tier: number;
  /** DestinyItemType: 3 Weapon, 2 Armor, 24 Ghost, … */
  type: number;
  subType?: number;
  /** 0 Titan, 1 Hunter, 2 Warlock; left out for any class (3). */
  classType?: number;
  /** DamageType of weapons: 1 Kinetic, 2 Arc, 3 Thermal (Solar), 4 Void, 6 Stasis, 7 Strand. */
  damageType?: number;
  /** "Hand Cannon", "Helmet", … */
  typeName?: string;
  equippable?: true;
  /** Bungie's `equippingBlock.uniqueLabel`: one equipped item per label ("exotic_weapon", "exotic_armor"). */
  uniqueLabel?: string;
  nonTransferrable?: true;
  /** Left out when 1. */
  maxStack?: number;
}

export const ICON_PREFIX = '/common/destiny2_content/icons/';

/** The parts of Bungie's item definition read here (bungie-api-ts's type, loosened for real-world data). */
export interface ItemDefinitionInput {
  hash?: number;
  redacted?: boolean;
  displayProperties?: { name?: string; icon?: string };
  inventory?: { bucketTypeHash?: number; tierType?: number; maxStackSize?: number };
  itemType?: number;
  itemSubType?: number;
  classType?: number;
  defaultDamageType?: number;
  itemTypeDisplayName?: string;
  equippable?: boolean;
  equippingBlock?: { uniqueLabel?: string };
  nonTransferrable?: boolean;
}

/** The slim record and its bucket, or undefined for entries no inventory shows (redacted, no bucket). */
export function slimItem(
  def: ItemDefinitionInput
): { bucketHash: number; item: SlimItem } | undefined {
  const bucketHash = def.inventory?.bucketTypeHash;
  if (def.redacted || !bucketHash) return undefined;
  const display = def.displayProperties ?? {};
  const item: SlimItem = {
    name: display.name ?? '',
    tier: def.inventory?.tierType ?? 0,
    type: def.itemType ?? 0
  };
  if (display.icon)
    item.icon = display.icon.startsWith(ICON_PREFIX)
      ? display.icon.slice(ICON_PREFIX.length)
      : display.icon;
  if (def.itemSubType) item.subType = def.itemSubType;
  if (def.classType !== undefined && def.classType !== 3) item.classType = def.classType;
  if (def.defaultDamageType) item.damageType = def.defaultDamageType;
  if (def.itemTypeDisplayName) item.typeName = def.itemTypeDisplayName;
  if (def.equippable) item.equippable = true;
  if (def.equippingBlock?.uniqueLabel) item.uniqueLabel = def.equippingBlock.uniqueLabel;
  if (def.nonTransferrable) item.nonTransferrable = true;
  const maxStack = def.inventory?.maxStackSize ?? 1;
  if (maxStack !== 1) item.maxStack = maxStack;
  return { bucketHash, item };
}

/** The full icon URL path of a slim item, or undefined. */
export function iconPath(item: SlimItem): string | undefined {
  if (!item.icon) return undefined;
  return item.icon.startsWith('/') ? item.icon : ICON_PREFIX + item.icon;
}
