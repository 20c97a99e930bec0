import type { ItemDetail } from '../inventory/item-details.ts';
import {
  armorTotal,
  computeItemStats,
  type InvestmentStat,
  type ItemStat,
  type StatGroup
} from '../stats/item-stats.ts';
import type {
  ArmorSetRecord,
  GearRecord,
  InvestmentTuple,
  PlugRecord,
  StatGroupRecord
} from './detail-records.ts';

/**
 * What the item sheet shows of one instance, worked out from its sockets (the profile) and the
 * detail shards: its sockets by category, each with the plugged plug and the selectable ones, what
 * its plugs track, and its stats where the definitions carry what computing them needs.
 */

export interface PlugView {
  hash: number;
  /** "Classified" when the device has no record of the plug. */
  name: string;
  known: boolean;
  icon?: string;
  description?: string;
  typeName?: string;
}

export interface SocketView {
  index: number;
  plugged: PlugView | undefined;
  /** The other plugs selectable in this socket. */
  options: PlugView[];
}

export interface SocketGroup {
  name: string;
  sockets: SocketView[];
}

export interface TrackedView {
  plugName: string;
  description: string;
  progress: number;
  completionValue: number;
}

export interface ItemSheet {
  groups: SocketGroup[];
  tracked: TrackedView[];
  /** Empty when the definitions lack the investment stats or stat group to compute them. */
  stats: NamedStat[];
  /** Armor's total, as shown and as based; undefined for weapons. */
  total?: { value: number; base: number };
  /** The armor set it belongs to, where the definitions have sets. */
  armorSet?: ArmorSetView;
}

export interface ArmorSetView {
  name: string;
  /** Pieces of the set its character wears, when it is on one. */
  equipped?: number;
  /** Each bonus, fewest pieces first; active when that many pieces are worn. */
  perks: { pieces: number; name: string; description?: string; active: boolean }[];
}

export type NamedStat = ItemStat & { name: string };

export interface SheetTables {
  socketTypes: Record<string, number>;
  socketCategories: Record<string, { name: string; style?: number }>;
  statGroups: Record<string, StatGroupRecord>;
  /** Plug descriptions by id, which the plug pages name (see `readPlugPage`). */
  plugDescriptions?: Record<string, string>;
  objectives?: Record<string, { description: string; completionValue: number }>;
  /** Stat names by hash, as the current stat table has them. */
  stats?: Record<string, string>;
  armorSets?: Record<string, ArmorSetRecord>;
}

/** Bungie's socket category style for a weapon's frame or an exotic's intrinsic. */
const INTRINSIC_STYLE = 4;
const OTHER = 'Other';

export function buildItemSheet(input: {
  detail: ItemDetail | undefined;
  gear: GearRecord | undefined;
  plugOf: (hash: number) => PlugRecord | undefined;
  tables: SheetTables | undefined;
  armor: boolean;
  /** How many pieces of its set the character it is on wears (itself included when worn). */
  setPiecesWorn?: number | undefined;
}): ItemSheet {
  const { detail, gear, plugOf, tables } = input;
  const view = (hash: number): PlugView => {
    const record = plugOf(hash);
    if (!record) return { hash, name: 'Classified', known: false };
    return {
      hash,
      name: record.name || 'Classified',
      known: true,
      ...(record.icon ? { icon: record.icon } : {}),
      ...(record.description ? { description: record.description } : {}),
      ...(record.typeName ? { typeName: record.typeName } : {})
    };
  };

  const groups: SocketGroup[] = [];
  const groupNamed = (name: string) => {
    let group = groups.find((g) => g.name === name);
    if (!group) groups.push((group = { name, sockets: [] }));
    return group;
  };
  for (const [index, socket] of (detail?.sockets ?? []).entries()) {
    if (!socket) continue;
    const [plugged = 0, ...options] = socket;
    groupNamed(categoryName(index, gear, tables)).sockets.push({
      index,
      plugged: plugged ? view(plugged) : undefined,
      options: options.map(view)
    });
  }
  groups.sort((a, b) => rank(a.name) - rank(b.name));

  const tracked: TrackedView[] = Object.entries(detail?.plugObjectives ?? {}).flatMap(
    ([plugHash, objectives]) =>
      objectives.map(([objectiveHash, progress, completionValue]) => ({
        plugName: view(Number(plugHash)).name,
        description: tables?.objectives?.[objectiveHash]?.description ?? '',
        progress,
        completionValue
      }))
  );

  const stats = sheetStats(input);
  const set = gear?.set ? tables?.armorSets?.[gear.set] : undefined;
  return {
    groups,
    tracked,
    stats,
    ...(input.armor && stats.length ? { total: armorTotal(stats) } : {}),
    ...(set && { armorSet: armorSetView(set, input.setPiecesWorn) })
  };
}

export function armorSetView(set: ArmorSetRecord, worn: number | undefined): ArmorSetView {
  return {
    name: set.name || 'Classified',
    ...(worn !== undefined ? { equipped: worn } : {}),
    perks: set.perks.map((perk) => ({
      pieces: perk.pieces,
      name: perk.name || 'Classified',
      ...(perk.description ? { description: perk.description } : {}),
      active: worn !== undefined && worn >= perk.pieces
    }))
  };
}

/** Intrinsic first, then the game's categories in the order the item has them. */
function rank(name: string): number {
  return name === 'Intrinsic' ? 0 : name === OTHER ? 2 : 1;
}

function categoryName(
  index: number,
  gear: GearRecord | undefined,
  tables: SheetTables | undefined
): string {
  const categoryHash = tables?.socketTypes[gear?.socketTypes[index] ?? 0];
  const category = categoryHash ? tables?.socketCategories[categoryHash] : undefined;
  if (!category) return OTHER;
  if (category.style === INTRINSIC_STYLE) return 'Intrinsic';
  return category.name ? titleCase(category.name) : OTHER;
}

/** Bungie names categories in capitals ("WEAPON PERKS"). */
function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase());
}

const toStat = ([statHash, value, conditional]: InvestmentTuple): InvestmentStat => ({
  statHash,
  value,
  ...(conditional ? { conditional: true } : {})
});

/**
 * The stats, when the definitions carry what they need: a stat group, and investment stats on the
 * item or its plugs. Most real definitions bundled here lack them: then no bars, never zeros.
 */
function sheetStats(input: Parameters<typeof buildItemSheet>[0]): NamedStat[] {
  const { gear, tables, detail, plugOf } = input;
  const group = gear?.statGroup ? tables?.statGroups[gear.statGroup] : undefined;
  if (!gear || !group) return [];
  const plugs = (detail?.sockets ?? []).flatMap((socket) => {
    const record = socket?.[0] ? plugOf(socket[0]) : undefined;
    if (!record?.stats) return [];
    return [{ stats: record.stats.map(toStat), intrinsic: record.intrinsic === 1 }];
  });
  if (!gear.stats?.length && !plugs.length) return [];
  const names = tables?.stats ?? {};
  // A stat the stat table does not name is not shown: a player cannot judge a nameless bar.
  return computeItemStats({
    group: statGroupOf(group),
    investment: (gear.stats ?? []).map(toStat),
    plugs,
    armor: input.armor,
    ...(gear.categories ? { categories: gear.categories } : {})
  }).flatMap((stat) => {
    const name = names[stat.statHash];
    return name ? [{ ...stat, name }] : [];
  });
}

function statGroupOf(record: StatGroupRecord): StatGroup {
  return {
    maximumValue: record.maximumValue,
    scaledStats: record.scaled.map(([statHash, maximumValue, numeric, points]) => ({
      statHash,
      maximumValue,
      displayAsNumeric: numeric === 1,
      interpolation: Array.from({ length: points.length / 2 }, (_, i) => ({
        value: points[2 * i]!,
        weight: points[2 * i + 1]!
      }))
    }))
  };
}
