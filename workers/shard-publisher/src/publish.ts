import {
  buildDetailShards,
  type DetailTables
} from '../../../src/lib/domain/details/build-details.ts';
import {
  buildShards,
  type Digest,
  type PublishedBucket,
  type ShardFile
} from '../../../src/lib/domain/shards/build-shards.ts';
import { planRetention } from '../../../src/lib/domain/shards/retention.ts';
import { textsOfItems, type BucketPatch } from '../../../src/lib/domain/shards/bucket-patch.ts';
import {
  isCurrent,
  type BucketShard,
  type ShardIndex
} from '../../../src/lib/domain/shards/shard-index.ts';
import type { WishlistIndex } from '../../../src/lib/domain/wishlists/wishlist-shards.ts';
import {
  readBuckets,
  slimBuckets,
  slimClasses,
  slimLoadoutIdentifiers,
  type LoadoutIdentifiers,
  slimDamageTypes
} from '../../../src/lib/domain/shards/small-tables.ts';
import { collectItems } from './collect-items.ts';
import type { ManifestSource } from './manifest-source.ts';
import type { ShardStore } from './shard-store.ts';
import { refreshWishlist, wishlistDue, type WishlistSource } from './wishlist.ts';

export interface RunSummary {
  outcome: 'unchanged' | 'published' | 'failed';
  startedAt: string;
  ms: number;
  version?: string;
  previousVersion?: string;
  itemCount?: number;
  shardsWritten?: number;
  shardsReused?: number;
  bytesWritten?: number;
  bytesTotal?: number;
  deleted?: number;
  error?: string;
  /** When the wish list was last read (epoch ms), carried from run to run. */
  wishlistCheckedAt?: number;
  /** Rolls in the published wish list. */
  wishlistRolls?: number;
  /** Why the wish list could not be read this time (the published one stays). */
  wishlistError?: string;
}

export interface PublishDeps {
  source: ManifestSource;
  store: ShardStore;
  digest: Digest;
  now: () => number;
  /** Told about a new version; failures to notify never fail the run. */
  notify?: (summary: RunSummary) => Promise<void>;
  /** The configured wish list, when there is one. */
  wishlist?: WishlistSource;
}

const TABLES = {
  items: 'DestinyInventoryItemDefinition',
  buckets: 'DestinyInventoryBucketDefinition',
  classes: 'DestinyClassDefinition',
  damageTypes: 'DestinyDamageTypeDefinition'
} as const;

/** In-game loadouts' identifier tables: published as one small table when the manifest lists all three. */
const LOADOUT_TABLES = {
  names: 'DestinyLoadoutNameDefinition',
  icons: 'DestinyLoadoutIconDefinition',
  colors: 'DestinyLoadoutColorDefinition'
} as const;

/** The tables of the item sheet's detail shards: built when the manifest lists the first four. */
const DETAIL_TABLES = {
  socketTypes: 'DestinySocketTypeDefinition',
  socketCategories: 'DestinySocketCategoryDefinition',
  statGroups: 'DestinyStatGroupDefinition',
  stats: 'DestinyStatDefinition',
  plugSets: 'DestinyPlugSetDefinition',
  objectives: 'DestinyObjectiveDefinition',
  equipableItemSets: 'DestinyEquipableItemSetDefinition',
  sandboxPerks: 'DestinySandboxPerkDefinition'
} as const;
const REQUIRED_DETAIL_TABLES = ['socketTypes', 'socketCategories', 'statGroups', 'stats'] as const;

/**
 * One run: ask Bungie for the manifest; if it still matches the published index and the wish list
 * is not due a read, stop. Otherwise stream the item table into shards (when the manifest changed)
 * and read the wish list (when due), write only shards whose key is new, write the versioned index,
 * flip the current index last, then drop what no kept version uses. Any failure before the flip
 * leaves the previous index live; the next run tries again.
 */
export async function runCheck(deps: PublishDeps): Promise<RunSummary> {
  const started = deps.now();
  const startedAt = new Date(started).toISOString();
  let wishlistCheckedAt: number | undefined;
  let wishlistError: string | undefined;
  let wishlist: WishlistIndex | undefined;
  const finish = async (summary: Omit<RunSummary, 'startedAt' | 'ms'>): Promise<RunSummary> => {
    const full: RunSummary = {
      ...summary,
      startedAt,
      ms: deps.now() - started,
      ...(wishlistCheckedAt !== undefined ? { wishlistCheckedAt } : {}),
      ...(wishlist ? { wishlistRolls: wishlist.rolls } : {}),
      ...(wishlistError ? { wishlistError } : {})
    };
    await deps.store.writeStatus(full).catch(() => undefined);
    return full;
  };
  let previousVersion: string | undefined;
  try {
    const [manifest, current, status] = await Promise.all([
      deps.source.manifest(),
      deps.store.readIndex(),
      deps.store.readStatus().catch(() => undefined)
    ]);
    previousVersion = current?.version;
    wishlistCheckedAt = status?.wishlistCheckedAt;
    wishlist = deps.wishlist ? current?.wishlist : undefined;
    const itemPath = manifest.paths[TABLES.items];
    for (const name of Object.values(TABLES)) {
      if (!manifest.paths[name]) throw new Error(`The manifest lists no ${name}`);
    }
    const manifestCurrent = isCurrent(current, manifest.version, itemPath!);
    const readWishlist = wishlistDue(deps.wishlist, current?.wishlist, wishlistCheckedAt, started);
    if (manifestCurrent && !readWishlist)
      return await finish({ outcome: 'unchanged', version: manifest.version, previousVersion });

    let shardsWritten = 0;
    let shardsReused = 0;
    let bytesWritten = 0;
    let bytesTotal = 0;
    // Written as built; a key already in the store holds these very bytes.
    const emit = async (file: ShardFile) => {
      const bytes = new TextEncoder().encode(file.body).length;
      bytesTotal += bytes;
      if (await deps.store.has(file.key)) {
        shardsReused++;
        return;
      }
      await deps.store.put(file.key, file.body);
      shardsWritten++;
      bytesWritten += bytes;
    };

    if (readWishlist && deps.wishlist) {
      try {
        wishlist = await refreshWishlist({
          source: deps.wishlist,
          published: current?.wishlist,
          digest: deps.digest,
          emit
        });
        wishlistCheckedAt = started;
      } catch (error) {
        // The item shards do not wait for a wish list: the published one stays, tried again next run.
        wishlistError = error instanceof Error ? error.message : String(error);
      }
    }

    let index: ShardIndex;
    if (manifestCurrent && current) {
      // Only the wish list is new (or not even that: then nothing is published).
      if (wishlist === current.wishlist)
        return await finish({ outcome: 'unchanged', version: manifest.version, previousVersion });
      index = { ...current, publishedAt: new Date(deps.now()).toISOString() };
    } else {
      index = await buildFromManifest(deps, manifest, itemPath!, emit, current, (_, bytes) => {
        shardsReused++;
        bytesTotal += bytes;
      });
    }
    if (wishlist) index.wishlist = wishlist;
    else delete index.wishlist;
    await deps.store.publishIndex(index);

    const plan = planRetention(await deps.store.listIndexes(), await deps.store.listShardKeys());
    await deps.store.delete([...plan.deleteIndexes, ...plan.deleteShards]);
    const summary = await finish({
      outcome: 'published',
      version: index.version,
      previousVersion,
      itemCount: index.itemCount,
      shardsWritten,
      shardsReused,
      bytesWritten,
      bytesTotal,
      deleted: plan.deleteIndexes.length + plan.deleteShards.length
    });
    await deps.notify?.(summary).catch(() => undefined);
    return summary;
  } catch (error) {
    return finish({
      outcome: 'failed',
      previousVersion,
      error: error instanceof Error ? error.message : String(error)
    });
  }
}

/** Streams the item table into item and detail shards, and answers their index (not yet flipped). */
async function buildFromManifest(
  deps: PublishDeps,
  manifest: { version: string; paths: Record<string, string> },
  itemPath: string,
  emit: (file: ShardFile) => Promise<void>,
  current: ShardIndex | undefined,
  kept: (key: string, bytes: number) => void
): Promise<ShardIndex> {
  const [bucketTable, classTable, damageTable] = await Promise.all([
    deps.source.table<Parameters<typeof readBuckets>[0]>(manifest.paths[TABLES.buckets]!),
    deps.source.table<Parameters<typeof slimClasses>[0]>(manifest.paths[TABLES.classes]!),
    deps.source.table<Parameters<typeof slimDamageTypes>[0]>(manifest.paths[TABLES.damageTypes]!)
  ]);
  const buckets = readBuckets(bucketTable);
  const detailTables = await readDetailTables(deps.source, manifest.paths);
  const loadoutIdentifiers = await readLoadoutIdentifiers(deps.source, manifest.paths);
  const collected = await collectItems(await deps.source.stream(itemPath), buckets);
  const index = await buildShards({
    collector: collected.items,
    buckets,
    tables: {
      buckets: slimBuckets(buckets),
      classes: slimClasses(classTable),
      damageTypes: slimDamageTypes(damageTable),
      ...(loadoutIdentifiers && { loadoutIdentifiers })
    },
    version: manifest.version,
    sourcePath: itemPath,
    publishedAt: new Date(deps.now()).toISOString(),
    digest: deps.digest,
    emit,
    published: (bucketHash) => publishedBucket(deps.store, current, bucketHash),
    kept
  });
  if (detailTables)
    index.details = await buildDetailShards({
      collector: collected.details,
      tables: detailTables,
      digest: deps.digest,
      emit
    });
  return index;
}

/**
 * A bucket as the current index publishes it (its base's items, its patch's), for the next build to
 * publish only a patch over that base; none when either body is missing.
 */
async function publishedBucket(
  store: ShardStore,
  current: ShardIndex | undefined,
  bucketHash: number
): Promise<PublishedBucket | undefined> {
  const entry = current?.buckets.find((b) => b.bucketHash === bucketHash);
  if (!entry) return undefined;
  const [baseText, patchText] = await Promise.all([
    store.get(entry.key),
    entry.patch ? store.get(entry.patch.key) : undefined
  ]);
  if (baseText === undefined || (entry.patch && patchText === undefined)) return undefined;
  return {
    baseKey: entry.key,
    base: textsOfItems((JSON.parse(baseText) as BucketShard).items),
    baseBytes: new TextEncoder().encode(baseText).length,
    ...(patchText !== undefined && {
      patch: textsOfItems((JSON.parse(patchText) as BucketPatch).items)
    })
  };
}

/** The in-game loadout identifiers, slimmed, when the manifest lists their three tables. */
export async function readLoadoutIdentifiers(
  source: ManifestSource,
  paths: Record<string, string>
): Promise<LoadoutIdentifiers | undefined> {
  const [names, icons, colors] = [
    LOADOUT_TABLES.names,
    LOADOUT_TABLES.icons,
    LOADOUT_TABLES.colors
  ].map((name) => paths[name]);
  if (!names || !icons || !colors) return undefined;
  type Table = Parameters<typeof slimLoadoutIdentifiers>[0];
  const [nameTable, iconTable, colorTable] = await Promise.all([
    source.table<Table['names']>(names),
    source.table<Table['icons']>(icons),
    source.table<Table['colors']>(colors)
  ]);
  return slimLoadoutIdentifiers({ names: nameTable, icons: iconTable, colors: colorTable });
}

/**
 * The small tables of the detail shards, when the manifest lists them; plug sets and objectives are
 * read when listed too (Bungie's are several MB each: read whole, as the other small tables are).
 */
export async function readDetailTables(
  source: ManifestSource,
  paths: Record<string, string>
): Promise<DetailTables | undefined> {
  if (REQUIRED_DETAIL_TABLES.some((name) => !paths[DETAIL_TABLES[name]])) return undefined;
  const read = <K extends keyof DetailTables>(name: K) => {
    const path = paths[DETAIL_TABLES[name]];
    return path ? source.table<NonNullable<DetailTables[K]>>(path) : Promise.resolve(undefined);
  };
  // Sandbox perks (megabytes of every ability's perks) are read only for the armor sets' bonuses.
  const hasSets = Boolean(paths[DETAIL_TABLES.equipableItemSets]);
  const [
    socketTypes,
    socketCategories,
    statGroups,
    stats,
    plugSets,
    objectives,
    equipableItemSets,
    sandboxPerks
  ] = await Promise.all([
    read('socketTypes'),
    read('socketCategories'),
    read('statGroups'),
    read('stats'),
    read('plugSets'),
    read('objectives'),
    read('equipableItemSets'),
    // Slimmed as soon as read, not once every table is in: the whole table is megabytes.
    hasSets ? read('sandboxPerks').then((table) => table && namesOnly(table)) : undefined
  ]);
  return {
    socketTypes: socketTypes!,
    socketCategories: socketCategories!,
    statGroups: statGroups!,
    stats: stats!,
    ...(plugSets ? { plugSets } : {}),
    ...(objectives ? { objectives } : {}),
    ...(equipableItemSets ? { equipableItemSets } : {}),
    ...(sandboxPerks ? { sandboxPerks } : {})
  };
}

/** A table's names and descriptions only: the rest is let go before the item table streams by. */
function namesOnly(
  table: NonNullable<DetailTables['sandboxPerks']>
): NonNullable<DetailTables['sandboxPerks']> {
  const out: NonNullable<DetailTables['sandboxPerks']> = {};
  for (const [hash, def] of Object.entries(table)) {
    const { name, description } = def.displayProperties ?? {};
    if (name) out[hash] = { displayProperties: { name, ...(description ? { description } : {}) } };
  }
  return out;
}

/** The webhook message: Slack-compatible `{text}`. */
export function describeRun(summary: RunSummary): string {
  const kb = (n = 0) => `${Math.round(n / 1024)} KB`;
  return `Destiny manifest ${summary.previousVersion ?? '(none)'} → ${summary.version}: ${summary.itemCount} items; ${summary.shardsWritten} shards rewritten (${kb(summary.bytesWritten)} of ${kb(summary.bytesTotal)}), ${summary.shardsReused} unchanged.`;
}
