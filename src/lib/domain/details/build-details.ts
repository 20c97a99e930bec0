import type { Digest, ShardFile } from '../shards/build-shards.ts';
import { SHARD_SCHEMA, shardKey } from '../shards/shard-index.ts';
import {
  isGear,
  plugsNamedBy,
  slimGear,
  slimPlug,
  slimStatGroup,
  type DetailDefinitionInput,
  type PlugRecord
} from './detail-records.ts';

/**
 * Plugs are published in this many pages, by hash: a plug never changes page, so an update that
 * touches a few plugs rewrites (and devices download again) only their pages. Eight pages of the
 * real tables are tens of KB each gzipped: small enough to skip, large enough to be worth a request.
 */
export const PLUG_PAGES = 8;

export const plugPageOf = (hash: number): number => hash % PLUG_PAGES;

export type DetailTableName =
  | 'socketTypes'
  | 'socketCategories'
  | 'statGroups'
  | 'stats'
  | 'plugCategories'
  | 'plugSets'
  | 'objectives';

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

/** A plug as a page holds it: its description by index into the page's `descriptions`. */
type PagePlug = Omit<PlugRecord, 'description'> & { description?: number };

/** Body of one page of plugs. */
export interface PlugPage {
  schema: typeof SHARD_SCHEMA;
  page: number;
  descriptions: string[];
  plugs: Record<string, PagePlug>;
}

/** The plug records of a page, descriptions in place. */
export function readPlugPage(page: PlugPage): Record<string, PlugRecord> {
  return Object.fromEntries(
    Object.entries(page.plugs).map(([hash, { description, ...plug }]) => {
      const text = description === undefined ? undefined : page.descriptions[description];
      return [hash, text === undefined ? plug : { ...plug, description: text }];
    })
  );
}

type DetailDefinition = DetailDefinitionInput & { inventory?: { bucketTypeHash?: number } };

/**
 * Collects, while the item table streams by, what the detail shards need: gear records by slot
 * bucket and every plug's record, kept as JSON text (a fraction of the objects' memory). Which
 * plugs are published is decided at the end, once every socket that names them has been seen.
 */
export class DetailCollector {
  readonly gear = new Map<number, string[]>();
  readonly plugs = new Map<number, string>();
  readonly plugCategories = new Map<number, string>();
  readonly namedPlugs = new Set<number>();
  readonly namedPlugSets = new Set<number>();
  readonly statGroups = new Set<number>();
  readonly socketTypes = new Set<number>();

  add(key: string, def: DetailDefinition): void {
    const hash = Number(key);
    const plug = slimPlug(def);
    if (plug) {
      this.plugs.set(hash, JSON.stringify(plug));
      const { plugCategoryHash, plugCategoryIdentifier } = def.plug ?? {};
      if (plugCategoryHash && plugCategoryIdentifier)
        this.plugCategories.set(plugCategoryHash, plugCategoryIdentifier);
    }
    const bucketHash = def.inventory?.bucketTypeHash;
    if (!bucketHash || !isGear(def)) return;
    const gear = slimGear(def);
    let group = this.gear.get(bucketHash);
    if (!group) this.gear.set(bucketHash, (group = []));
    group.push(`${JSON.stringify(key)}:${JSON.stringify(gear)}`);
    if (gear.statGroup) this.statGroups.add(gear.statGroup);
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
    const fragments = collector.gear.get(bucketHash)!;
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
  // Half the descriptions repeat (every "Tier 3 Weapon", every shader): each page writes each once.
  const pages = Array.from({ length: PLUG_PAGES }, () => ({
    plugs: {} as Record<string, PagePlug>,
    descriptions: [] as string[],
    described: new Map<string, number>(),
    count: 0
  }));
  const published: number[] = [];
  for (const [hash, text] of [...collector.plugs].sort(([a], [b]) => a - b)) {
    if (!publish(hash)) continue;
    const { description, ...plug } = JSON.parse(text) as PlugRecord;
    const page = pages[plugPageOf(hash)]!;
    let at: number | undefined;
    if (description !== undefined) {
      at = page.described.get(description) ?? page.descriptions.push(description) - 1;
      page.described.set(description, at);
    }
    page.plugs[hash] = at === undefined ? plug : { ...plug, description: at };
    page.count++;
    published.push(hash);
  }
  for (const [page, { plugs, descriptions, count }] of pages.entries()) {
    const body = JSON.stringify({
      schema: SHARD_SCHEMA,
      page,
      descriptions,
      plugs
    } satisfies PlugPage);
    index.plugPages.push({
      page,
      count,
      ...(await write(`plugs-${page}`, body))
    });
  }

  for (const [name, content] of Object.entries(
    detailTables(collector, tables, plugSets, published)
  ).sort(([a], [b]) => a.localeCompare(b)) as [DetailTableName, unknown][]) {
    const body = JSON.stringify({ schema: SHARD_SCHEMA, [name]: content });
    index.tables.push({ name, ...(await write(`detail-${name}`, body)) });
  }
  return index;
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
  const plugCategories: Record<string, string> = {};
  const objectives: Record<string, { description: string; completionValue: number }> = {};
  for (const hash of published) {
    const plug = JSON.parse(collector.plugs.get(hash)!) as {
      category?: number;
      objectives?: number[];
    };
    const identifier = plug.category && collector.plugCategories.get(plug.category);
    if (plug.category && identifier) plugCategories[plug.category] = identifier;
    for (const objective of plug.objectives ?? []) {
      const def = tables.objectives?.[objective];
      if (def)
        objectives[objective] = {
          description: def.progressDescription ?? '',
          completionValue: def.completionValue ?? 0
        };
    }
  }
  return {
    socketTypes,
    socketCategories,
    statGroups,
    stats,
    plugCategories,
    ...(plugSets ? { plugSets } : {}),
    ...(tables.objectives ? { objectives } : {})
  };
}
