import {
  buildDetailShards,
  type DetailTables
} from '../../../src/lib/domain/details/build-details.ts';
import {
  buildShards,
  type Digest,
  type ShardFile
} from '../../../src/lib/domain/shards/build-shards.ts';
import { planRetention } from '../../../src/lib/domain/shards/retention.ts';
import { isCurrent } from '../../../src/lib/domain/shards/shard-index.ts';
import {
  readBuckets,
  slimBuckets,
  slimClasses,
  slimDamageTypes
} from '../../../src/lib/domain/shards/small-tables.ts';
import { collectItems } from './collect-items.ts';
import type { ManifestSource } from './manifest-source.ts';
import type { ShardStore } from './shard-store.ts';

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
}

export interface PublishDeps {
  source: ManifestSource;
  store: ShardStore;
  digest: Digest;
  now: () => number;
  /** Told about a new version; failures to notify never fail the run. */
  notify?: (summary: RunSummary) => Promise<void>;
}

const TABLES = {
  items: 'DestinyInventoryItemDefinition',
  buckets: 'DestinyInventoryBucketDefinition',
  classes: 'DestinyClassDefinition',
  damageTypes: 'DestinyDamageTypeDefinition'
} as const;

/** The tables of the item sheet's detail shards: built when the manifest lists the first four. */
const DETAIL_TABLES = {
  socketTypes: 'DestinySocketTypeDefinition',
  socketCategories: 'DestinySocketCategoryDefinition',
  statGroups: 'DestinyStatGroupDefinition',
  stats: 'DestinyStatDefinition',
  plugSets: 'DestinyPlugSetDefinition',
  objectives: 'DestinyObjectiveDefinition'
} as const;
const REQUIRED_DETAIL_TABLES = ['socketTypes', 'socketCategories', 'statGroups', 'stats'] as const;

/**
 * One run: ask Bungie for the manifest; if it still matches the published index, stop. Otherwise
 * stream the item table into shards, write only shards whose key is new, write the versioned index,
 * flip the current index last, then drop what no kept version uses. Any failure before the flip
 * leaves the previous index live; the next run tries again.
 */
export async function runCheck(deps: PublishDeps): Promise<RunSummary> {
  const started = deps.now();
  const startedAt = new Date(started).toISOString();
  const finish = async (summary: Omit<RunSummary, 'startedAt' | 'ms'>): Promise<RunSummary> => {
    const full = { ...summary, startedAt, ms: deps.now() - started };
    await deps.store.writeStatus(full).catch(() => undefined);
    return full;
  };
  let previousVersion: string | undefined;
  try {
    const [manifest, current] = await Promise.all([deps.source.manifest(), deps.store.readIndex()]);
    previousVersion = current?.version;
    const itemPath = manifest.paths[TABLES.items];
    for (const name of Object.values(TABLES)) {
      if (!manifest.paths[name]) throw new Error(`The manifest lists no ${name}`);
    }
    if (isCurrent(current, manifest.version, itemPath!))
      return await finish({ outcome: 'unchanged', version: manifest.version, previousVersion });

    const [bucketTable, classTable, damageTable] = await Promise.all([
      deps.source.table<Parameters<typeof readBuckets>[0]>(manifest.paths[TABLES.buckets]!),
      deps.source.table<Parameters<typeof slimClasses>[0]>(manifest.paths[TABLES.classes]!),
      deps.source.table<Parameters<typeof slimDamageTypes>[0]>(manifest.paths[TABLES.damageTypes]!)
    ]);
    const buckets = readBuckets(bucketTable);
    const detailTables = await readDetailTables(deps.source, manifest.paths);
    const collected = await collectItems(await deps.source.stream(itemPath!), buckets);
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
    const index = await buildShards({
      collector: collected.items,
      buckets,
      tables: {
        buckets: slimBuckets(buckets),
        classes: slimClasses(classTable),
        damageTypes: slimDamageTypes(damageTable)
      },
      version: manifest.version,
      sourcePath: itemPath!,
      publishedAt: new Date(deps.now()).toISOString(),
      digest: deps.digest,
      emit
    });
    if (detailTables)
      index.details = await buildDetailShards({
        collector: collected.details,
        tables: detailTables,
        digest: deps.digest,
        emit
      });
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
  const [socketTypes, socketCategories, statGroups, stats, plugSets, objectives] =
    await Promise.all([
      read('socketTypes'),
      read('socketCategories'),
      read('statGroups'),
      read('stats'),
      read('plugSets'),
      read('objectives')
    ]);
  return {
    socketTypes: socketTypes!,
    socketCategories: socketCategories!,
    statGroups: statGroups!,
    stats: stats!,
    ...(plugSets ? { plugSets } : {}),
    ...(objectives ? { objectives } : {})
  };
}

/** The webhook message: Slack-compatible `{text}`. */
export function describeRun(summary: RunSummary): string {
  const kb = (n = 0) => `${Math.round(n / 1024)} KB`;
  return `Destiny manifest ${summary.previousVersion ?? '(none)'} → ${summary.version}: ${summary.itemCount} items; ${summary.shardsWritten} shards rewritten (${kb(summary.bytesWritten)} of ${kb(summary.bytesTotal)}), ${summary.shardsReused} unchanged.`;
}
