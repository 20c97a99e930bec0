import type { Digest, ShardFile } from '../shards/build-shards.ts';
import { SHARD_SCHEMA, shardKey } from '../shards/shard-index.ts';
import {
  isGear,
  plugsNamedBy,
  slimGear,
  slimPlug,
  slimStatGroup,
  type ArmorSetRecord,
  type DetailDefinitionInput,
  type GearRecord,
  type PlugRecord
} from './detail-records.ts';
import { ENHANCED_TIER, pairEnhancedPerks } from './enhanced-perks.ts';
import { writePlugPage, type PagePlug } from './plug-page.ts';

/**
 * Plugs are published in this many pages, by hash: a plug never changes page, so an update that
 * touches a few plugs rewrites (and devices download again) only their pages. Eight pages of the
 * real tables are about 15 KB each gzipped (their texts apart, in one table): small enough to skip,
 * large enough to be worth a request.
 */
export const PLUG_PAGES = 8;

export const plugPageOf = (hash: number): number => hash % PLUG_PAGES;

export type DetailTableName =
  | 'socketTypes'
  | 'socketCategories'
  | 'statGroups'
  | 'stats'
  | 'plugDescriptions'
  | 'plugSets'
  | 'objectives'
  /** Enhanced perk hash → base perk hash, for reading wish lists. */
  | 'enhancedPerks'
  /** Armor sets the published gear belongs to: names and bonuses. */
  | 'armorSets';

export interface DetailShardEntry {
  key: string;
  count: number;
  bytes: number;
}

/** The detail shards of a published version, listed in its index. */
export interface DetailIndex {
  /** Weapon and armor records, one shard per slot bucket. */
  gear: (DetailShardEntry & { bucketHash: number })[];
  /** Plug records, `plugPageOf(hash)` says which page holds a plug. */
  plugPages: (DetailShardEntry & { page: number })[];
  tables: { name: DetailTableName; key: string; bytes: number }[];
}

type DetailDefinition = DetailDefinitionInput & {
  inventory?: { bucketTypeHash?: number; tierType?: number };
};

/**
 * Collects, while the item table streams by, what the detail shards need: gear records by slot
 * bucket and every plug's record, kept as JSON text (a fraction of the objects' memory). Which
 * plugs are published is decided at the end, once every socket that names them has been seen.
 */
export class DetailCollector {
  /** Gear records by slot bucket, each `[hash, record as JSON]`. */
  readonly gear = new Map<number, [string, string][]>();
  readonly plugs = new Map<number, string>();
  readonly namedPlugs = new Set<number>();
  readonly namedPlugSets = new Set<number>();
  readonly statGroups = new Set<number>();
  readonly socketTypes = new Set<number>();
  readonly armorSets = new Set<number>();
  /** Plugs that may be enhanced perks (see `pairEnhancedPerks`), by hash: their names. */
  readonly enhancedCandidates = new Map<number, string>();

  add(key: string, def: DetailDefinition): void {
    const hash = Number(key);
    const plug = slimPlug(def);
    if (plug) this.plugs.set(hash, JSON.stringify(plug));
    if (plug?.name && def.inventory?.tierType === ENHANCED_TIER)
      this.enhancedCandidates.set(hash, plug.name);
    const bucketHash = def.inventory?.bucketTypeHash;
    if (!bucketHash || !isGear(def)) return;
    const gear = slimGear(def);
    let group = this.gear.get(bucketHash);
    if (!group) this.gear.set(bucketHash, (group = []));
    group.push([key, JSON.stringify(gear)]);
    if (gear.statGroup) this.statGroups.add(gear.statGroup);
    if (gear.set) this.armorSets.add(gear.set);
    for (const type of gear.socketTypes) if (type) this.socketTypes.add(type);
    const named = plugsNamedBy(def);
    for (const plugHash of named.plugs) this.namedPlugs.add(plugHash);
    for (const setHash of named.plugSets) this.namedPlugSets.add(setHash);
  }
}

/** Plug sets as Bungie defines them (DestinyPlugSetDefinition), the parts read here. */
export type PlugSetTable = Record<
  string,
  { reusablePlugItems?: { plugItemHash: number; currentlyCanRoll?: boolean }[] }
>;

export interface DetailTables {
  socketTypes: Record<
    string,
    { socketCategoryHash?: number; plugWhitelist?: { categoryHash: number }[] }
  >;
  socketCategories: Record<
    string,
    { displayProperties?: { name?: string }; categoryStyle?: number }
  >;
  statGroups: Record<string, Parameters<typeof slimStatGroup>[0]>;
  stats: Record<string, { displayProperties?: { name?: string } }>;
  /** Absent when the manifest has none to read (then every plug is published). */
  plugSets?: PlugSetTable;
  /** Armor sets (Edge of Fate onward) and the sandbox perks their bonuses are; absent before. */
  equipableItemSets?: Record<
    string,
    {
      displayProperties?: { name?: string };
      setPerks?: { requiredSetCount: number; sandboxPerkHash: number }[];
    }
  >;
  sandboxPerks?: Record<string, { displayProperties?: { name?: string; description?: string } }>;
  objectives?: Record<string, { progressDescription?: string; completionValue?: number }>;
}

/**
 * The detail shards, emitted one by one as they are built (content-addressed, so an unchanged one
 * keeps its key and is not written again), and the index entry that lists them.
 */
export async function buildDetailShards(input: {
  collector: DetailCollector;
  tables: DetailTables;
  digest: Digest;
  emit: (file: ShardFile) => Promise<void>;
}): Promise<DetailIndex> {
  const { collector, tables } = input;
  const index: DetailIndex = { gear: [], plugPages: [], tables: [] };
  const write = async (name: string, body: string) => {
    const key = shardKey(name, await input.digest(body));
    await input.emit({ key, body });
    return { key, bytes: new TextEncoder().encode(body).length };
  };

  for (const bucketHash of [...collector.gear.keys()].sort((a, b) => a - b)) {
    const fragments: string[] = [];
    for (const [key, json] of collector.gear.get(bucketHash)!) {
      const gear = sheetGear(JSON.parse(json) as GearRecord, tables);
      if (gear) fragments.push(`${JSON.stringify(key)}:${JSON.stringify(gear)}`);
    }
    collector.gear.delete(bucketHash);
    const body = `{"schema":${SHARD_SCHEMA},"bucketHash":${bucketHash},"gear":{${fragments.join(',')}}}`;
    index.gear.push({
      bucketHash,
      count: fragments.length,
      ...(await write(`gear-${bucketHash}`, body))
    });
  }

  // What can roll in the sockets gear names. Without plug sets nothing says, and every plug goes:
  // judging by plug category instead dropped perks real rolls hold whenever the socket-type table
  // was older than the perk.
  const plugSets = rollablePlugSets(tables.plugSets, collector.namedPlugSets);
  const wanted = plugSets
    ? new Set([...collector.namedPlugs, ...Object.values(plugSets).flat()])
    : undefined;
  const publish = (hash: number) => !wanted || wanted.has(hash);
  const pages = Array.from({ length: PLUG_PAGES }, () => [] as [number, PagePlug][]);
  /** Each text once, under the hash of the first plug (in hash order) that reads so. */
  const descriptionIds = new Map<string, number>();
  const plugDescriptions: Record<string, string> = {};
  const published: number[] = [];
  for (const [hash, text] of [...collector.plugs].sort(([a], [b]) => a - b)) {
    if (!publish(hash)) continue;
    const { description, objectives: _objectives, ...plug } = JSON.parse(text) as PlugRecord;
    const page = pages[plugPageOf(hash)]!;
    let id: number | undefined;
    if (description !== undefined) {
      id = descriptionIds.get(description);
      if (id === undefined) {
        descriptionIds.set(description, (id = hash));
        plugDescriptions[hash] = description;
      }
    }
    page.push([hash, id === undefined ? plug : { ...plug, description: id }]);
    published.push(hash);
  }
  for (const [page, plugs] of pages.entries()) {
    const body = JSON.stringify(writePlugPage(page, plugs));
    index.plugPages.push({
      page,
      count: plugs.length,
      ...(await write(`plugs-${page}`, body))
    });
  }

  const enhancedPerks = publishedEnhancedPerks(collector, tables.plugSets, published);
  for (const [name, content] of Object.entries({
    ...detailTables(collector, tables, plugSets, published),
    plugDescriptions,
    ...(enhancedPerks && { enhancedPerks })
  }).sort(([a], [b]) => a.localeCompare(b)) as [DetailTableName, unknown][]) {
    const body = JSON.stringify({ schema: SHARD_SCHEMA, [name]: content });
    index.tables.push({ name, ...(await write(`detail-${name}`, body)) });
  }
  return index;
}

/**
 * Published enhanced perks → their base perks, read from every plug set (crafting patterns hold the
 * pairs as well as random rolls); none without plug sets or pairs.
 */
function publishedEnhancedPerks(
  collector: DetailCollector,
  plugSets: PlugSetTable | undefined,
  published: readonly number[]
): Record<string, number> | undefined {
  if (!plugSets || !collector.enhancedCandidates.size) return undefined;
  const nameOf = (hash: number) => {
    const text = collector.plugs.get(hash);
    return text === undefined ? undefined : (JSON.parse(text) as PlugRecord).name;
  };
  const pairs = pairEnhancedPerks(
    Object.values(plugSets).map((set) => (set.reusablePlugItems ?? []).map((i) => i.plugItemHash)),
    (hash) => collector.enhancedCandidates.get(hash),
    nameOf
  );
  const publishedSet = new Set(published);
  const table: Record<string, number> = {};
  for (const [enhanced, base] of [...pairs].sort(([a], [b]) => a - b))
    if (publishedSet.has(enhanced)) table[enhanced] = base;
  return Object.keys(table).length ? table : undefined;
}

/**
 * A gear record as the sheet reads it, or none when it would tell the sheet nothing: socket types
 * the socket-type table does not know read as 0 (the sheet files those sockets under "Other"
 * either way), trailing ones dropped; investment stats and categories only beside a stat group
 * the table has (no stat bars without one).
 */
function sheetGear(gear: GearRecord, tables: DetailTables): GearRecord | undefined {
  const socketTypes = gear.socketTypes.map((type) =>
    tables.socketTypes[type]?.socketCategoryHash ? type : 0
  );
  while (socketTypes.length && socketTypes.at(-1) === 0) socketTypes.pop();
  const grouped = gear.statGroup !== undefined && tables.statGroups[gear.statGroup] !== undefined;
  const set = gear.set !== undefined && tables.equipableItemSets?.[gear.set] ? gear.set : undefined;
  if (!socketTypes.length && !grouped && set === undefined) return undefined;
  return {
    socketTypes,
    ...(grouped && {
      statGroup: gear.statGroup,
      ...(gear.stats && { stats: gear.stats }),
      ...(gear.categories && { categories: gear.categories })
    }),
    ...(set !== undefined && { set })
  };
}

function rollablePlugSets(
  table: PlugSetTable | undefined,
  named: ReadonlySet<number>
): Record<string, number[]> | undefined {
  if (!table) return undefined;
  const out: Record<string, number[]> = {};
  for (const hash of [...named].sort((a, b) => a - b)) {
    const items = table[hash]?.reusablePlugItems ?? [];
    // Plugs that can no longer roll stay on old instances, which name them in their own sockets.
    const rollable = [
      ...new Set(items.filter((i) => i.currentlyCanRoll !== false).map((i) => i.plugItemHash))
    ];
    if (rollable.length) out[hash] = rollable;
  }
  return out;
}

/** The small tables, trimmed to what the published gear and plugs use. */
function detailTables(
  collector: DetailCollector,
  tables: DetailTables,
  plugSets: Record<string, number[]> | undefined,
  published: readonly number[]
): Partial<Record<DetailTableName, unknown>> {
  const socketTypes: Record<string, number> = {};
  const categories = new Set<number>();
  for (const hash of [...collector.socketTypes].sort((a, b) => a - b)) {
    const category = tables.socketTypes[hash]?.socketCategoryHash;
    if (!category) continue;
    socketTypes[hash] = category;
    categories.add(category);
  }
  const socketCategories: Record<string, { name: string; style?: number }> = {};
  for (const hash of [...categories].sort((a, b) => a - b)) {
    const def = tables.socketCategories[hash];
    socketCategories[hash] = {
      name: def?.displayProperties?.name ?? '',
      ...(def?.categoryStyle ? { style: def.categoryStyle } : {})
    };
  }
  const statGroups: Record<string, ReturnType<typeof slimStatGroup>> = {};
  for (const hash of [...collector.statGroups].sort((a, b) => a - b)) {
    const def = tables.statGroups[hash];
    if (def) statGroups[hash] = slimStatGroup(def);
  }
  const stats: Record<string, string> = {};
  for (const [hash, def] of Object.entries(tables.stats)) {
    const name = def.displayProperties?.name;
    if (name) stats[hash] = name;
  }
  const objectives: Record<string, { description: string; completionValue: number }> = {};
  for (const hash of published) {
    const plug = JSON.parse(collector.plugs.get(hash)!) as { objectives?: number[] };
    for (const objective of plug.objectives ?? []) {
      const def = tables.objectives?.[objective];
      if (def)
        objectives[objective] = {
          description: def.progressDescription ?? '',
          completionValue: def.completionValue ?? 0
        };
    }
  }
  const armorSets = publishedArmorSets(collector, tables);
  return {
    socketTypes,
    socketCategories,
    statGroups,
    stats,
    ...(plugSets ? { plugSets } : {}),
    ...(tables.objectives ? { objectives } : {}),
    ...(armorSets && { armorSets })
  };
}

/**
 * The sets the published gear names, with their bonuses' names and words from the sandbox perks
 * (a bonus whose perk has no name reads "Classified" on the sheet); none before armor had sets.
 */
function publishedArmorSets(
  collector: DetailCollector,
  tables: DetailTables
): Record<string, ArmorSetRecord> | undefined {
  const sets = tables.equipableItemSets;
  if (!sets) return undefined;
  const out: Record<string, ArmorSetRecord> = {};
  for (const hash of [...collector.armorSets].sort((a, b) => a - b)) {
    const def = sets[hash];
    if (!def) continue;
    out[hash] = {
      name: def.displayProperties?.name ?? '',
      perks: [...(def.setPerks ?? [])]
        .sort((a, b) => a.requiredSetCount - b.requiredSetCount)
        .map((perk) => {
          const display = tables.sandboxPerks?.[perk.sandboxPerkHash]?.displayProperties;
          return {
            pieces: perk.requiredSetCount,
            name: display?.name ?? '',
            ...(display?.description ? { description: display.description } : {})
          };
        })
    };
  }
  return Object.keys(out).length ? out : undefined;
}
