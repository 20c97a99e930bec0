import { ICON_PREFIX } from '../shards/slim-item.ts';

/**
 * The slim records of the detail shards: what an item sheet needs of Bungie's definitions to show
 * perks, mods and stats, a small part of the tables they come from. Fields at their usual value are
 * left out; hashes stay numbers, as the profile's sockets name them.
 */

/** `[statHash, value]`, or `[statHash, value, 1]` for a stat active only under conditions. */
export type InvestmentTuple = [statHash: number, value: number] | [number, number, 1];

/** A plug: a perk, a mod, a masterwork, a tracker, an intrinsic frame. */
export interface PlugRecord {
  name: string;
  icon?: string;
  description?: string;
  /** "Barrel", "Trait", "Intrinsic", …: shown only before a description, so kept only with one. */
  typeName?: string;
  /**
   * An intrinsic plug (plug category "intrinsics") whose stats are the item's base (armor's rolled
   * stats): the one thing the sheet asks of a plug's category, so only said where stats are.
   */
  intrinsic?: 1;
  stats?: InvestmentTuple[];
  /** Objectives it tracks (kill trackers, crafted level): for the publisher's objectives table. */
  objectives?: number[];
}

/** A weapon's or armor piece's definition, as far as its sheet needs it. */
export interface GearRecord {
  /** Socket type hashes by socket index (0 where the definition names none). */
  socketTypes: number[];
  statGroup?: number;
  stats?: InvestmentTuple[];
  /** The item categories the sheet reads (swords and bows show some stats differently). */
  categories?: number[];
  /** The armor set it belongs to (Bungie's `DestinyEquipableItemSetDefinition`), if any. */
  set?: number;
}

/** An armor set: its name and the bonuses its pieces give, fewest pieces first. */
export interface ArmorSetRecord {
  name: string;
  perks: { pieces: number; name: string; description?: string }[];
}

export interface StatGroupRecord {
  maximumValue: number;
  /** `[statHash, maximumValue, displayAsNumeric (0|1), [value, weight, value, weight, …]]` */
  scaled: [number, number, 0 | 1, number[]][];
}

/** The parts of Bungie's definitions read here. */
export interface DetailDefinitionInput {
  hash?: number;
  redacted?: boolean;
  itemType?: number;
  displayProperties?: { name?: string; description?: string; icon?: string };
  itemTypeDisplayName?: string;
  itemCategoryHashes?: number[] | null;
  plug?: { plugCategoryIdentifier?: string };
  equippingBlock?: { equipableItemSetHash?: number; uniqueLabel?: string };
  investmentStats?: { statTypeHash: number; value: number; isConditionallyActive?: boolean }[];
  objectives?: { objectiveHashes?: number[] | null };
  stats?: { statGroupHash?: number };
  sockets?: {
    socketEntries?: {
      socketTypeHash?: number;
      singleInitialItemHash?: number;
      reusablePlugItems?: { plugItemHash: number }[];
      reusablePlugSetHash?: number;
      randomizedPlugSetHash?: number;
    }[];
  };
}

const INTRINSIC_IDENTIFIER = 'intrinsics';

function shortIcon(icon: string | undefined): string | undefined {
  if (!icon) return undefined;
  return icon.startsWith(ICON_PREFIX) ? icon.slice(ICON_PREFIX.length) : icon;
}

function investment(def: DetailDefinitionInput): InvestmentTuple[] | undefined {
  const stats = (def.investmentStats ?? [])
    .filter((s) => s.value !== 0)
    .map((s): InvestmentTuple =>
      s.isConditionallyActive ? [s.statTypeHash, s.value, 1] : [s.statTypeHash, s.value]
    );
  return stats.length ? stats : undefined;
}

/** A plug's record, or undefined for a definition that is not a plug. */
export function slimPlug(def: DetailDefinitionInput): PlugRecord | undefined {
  if (!def.plug || def.redacted) return undefined;
  const display = def.displayProperties ?? {};
  const record: PlugRecord = { name: display.name ?? '' };
  const icon = shortIcon(display.icon);
  if (icon) record.icon = icon;
  if (display.description) record.description = display.description;
  if (def.itemTypeDisplayName && display.description) record.typeName = def.itemTypeDisplayName;
  const stats = investment(def);
  if (stats) {
    if (def.plug.plugCategoryIdentifier === INTRINSIC_IDENTIFIER) record.intrinsic = 1;
    record.stats = stats;
  }
  const objectives = def.objectives?.objectiveHashes;
  if (objectives?.length) record.objectives = objectives;
  return record;
}

/** Weapons (3) and armor (2) get a sheet with sockets and stats. */
export function isGear(def: DetailDefinitionInput): boolean {
  return !def.redacted && (def.itemType === 3 || def.itemType === 2);
}

/** Swords (54) and bows (3317538576): the only categories the stat rules ask about. */
const CATEGORIES_READ = new Set([54, 3317538576]);

/** A weapon's or armor piece's record (see `isGear`). */
export function slimGear(def: DetailDefinitionInput): GearRecord {
  const record: GearRecord = {
    socketTypes: (def.sockets?.socketEntries ?? []).map((e) => e.socketTypeHash ?? 0)
  };
  if (def.stats?.statGroupHash) record.statGroup = def.stats.statGroupHash;
  const stats = investment(def);
  if (stats) record.stats = stats;
  const categories = (def.itemCategoryHashes ?? []).filter((c) => CATEGORIES_READ.has(c));
  if (categories.length) record.categories = categories;
  const set = def.equippingBlock?.equipableItemSetHash;
  if (set) record.set = set;
  return record;
}

/** Every plug a gear definition names in its sockets, and the plug sets that can roll there. */
export function plugsNamedBy(def: DetailDefinitionInput): { plugs: number[]; plugSets: number[] } {
  const plugs: number[] = [];
  const plugSets: number[] = [];
  for (const entry of def.sockets?.socketEntries ?? []) {
    if (entry.singleInitialItemHash) plugs.push(entry.singleInitialItemHash);
    for (const item of entry.reusablePlugItems ?? []) plugs.push(item.plugItemHash);
    if (entry.reusablePlugSetHash) plugSets.push(entry.reusablePlugSetHash);
    if (entry.randomizedPlugSetHash) plugSets.push(entry.randomizedPlugSetHash);
  }
  return { plugs, plugSets };
}

export function slimStatGroup(def: {
  maximumValue?: number;
  scaledStats?: {
    statHash: number;
    maximumValue: number;
    displayAsNumeric?: boolean;
    displayInterpolation?: { value: number; weight: number }[];
  }[];
}): StatGroupRecord {
  return {
    maximumValue: def.maximumValue ?? 100,
    scaled: (def.scaledStats ?? []).map((s) => [
      s.statHash,
      s.maximumValue,
      s.displayAsNumeric ? 1 : 0,
      (s.displayInterpolation ?? []).flatMap((p) => [p.value, p.weight])
    ])
  };
}
