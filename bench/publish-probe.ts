import { createHash } from 'node:crypto';
import { buildDetailShards, DetailCollector } from '../src/lib/domain/details/build-details.ts';
import { gzipSync } from 'node:zlib';
import {
  buildShards,
  ShardCollector,
  type BucketInfo
} from '../src/lib/domain/shards/build-shards.ts';
import { INDEX_KEY, shardKeysOf, type ShardIndex } from '../src/lib/domain/shards/shard-index.ts';
import type { ItemDefinitionInput } from '../src/lib/domain/shards/slim-item.ts';
import {
  readBuckets,
  slimBuckets,
  slimClasses,
  slimDamageTypes
} from '../src/lib/domain/shards/small-tables.ts';
import { createManifestSource } from '../workers/shard-publisher/src/manifest-source.ts';
import {
  readDetailTables,
  readLoadoutIdentifiers,
  runCheck
} from '../workers/shard-publisher/src/publish.ts';
import { createWishlistSource } from '../workers/shard-publisher/src/wishlist.ts';
import { createMemoryStore } from './memory-store.ts';

/**
 * One measurement in a fresh process (so nothing else shares its heap): `stream` publishes the way the
 * Worker does; `whole` is the baseline, the simplest correct alternative: download the table, one
 * JSON.parse, slim each entry and build the shards (item and detail shards) with the same functions; `shards` publishes, keeps
 * the bodies and measures them (gzip, a no-change run, a 1% bump). `stream` and `whole` print a digest
 * of what they built (items and bytes per shard), which must match. Prints one JSON line.
 */
const [mode, simUrl, apiKey] = process.argv.slice(2) as [
  'stream' | 'whole' | 'shards',
  string,
  string
];
const digest = async (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Items and bytes of each shard. Not the keys: JSON.parse puts integer-like keys in numeric order, so
 * the baseline's shards hold the same items in another order than the table's, under other hashes.
 */
const shapeDigest = (index: ShardIndex) =>
  createHash('sha256')
    .update(
      [
        ...index.buckets.map((b) => `${b.bucketHash}:${b.count}:${b.bytes}`),
        ...index.tables.map((t) => `${t.name}:${t.bytes}`),
        ...(index.details?.gear ?? []).map((g) => `gear ${g.bucketHash}:${g.count}:${g.bytes}`),
        ...(index.details?.plugPages ?? []).map((p) => `plugs ${p.page}:${p.count}:${p.bytes}`),
        ...(index.details?.tables ?? []).map((t) => `detail ${t.name}:${t.bytes}`)
      ]
        .sort()
        .join('\n')
    )
    .digest('hex');
const MB = 1024 * 1024;

globalThis.gc?.();
const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const startMemory = memory();
let peak = startMemory;
const sampler = setInterval(() => (peak = Math.max(peak, memory())), 2);

/**
 * The whole table as one string, one JSON.parse, each parsed entry slimmed into the collector. In its
 * own function so the text and the parsed table are garbage once the slim records exist.
 */
async function collectWhole(
  url: string,
  buckets: ReadonlyMap<number, BucketInfo>
): Promise<{ collector: ShardCollector; details: DetailCollector; tableBytes: number }> {
  // One buffer, then one string: undici's .text() fails on bodies this large.
  const bytes = await (await fetch(url)).arrayBuffer();
  const table = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, ItemDefinitionInput>;
  const collector = new ShardCollector(buckets);
  const details = new DetailCollector();
  for (const [key, definition] of Object.entries(table)) {
    collector.addDefinition(key, definition);
    details.add(key, definition);
  }
  return { collector, details, tableBytes: bytes.byteLength };
}

const gzipped = (text: string) => gzipSync(text).length;

/**
 * What a device downloads for the item sheet (every detail shard: the real account has gear in
 * every weapon and armor bucket), gzipped, against the raw tables a DIM-like client downloads
 * instead (the item table and the socket, stat, plug-set and objective tables the manifest lists,
 * gzipped the same way). The wish list's pages are set against the list's text.
 */
async function detailFigures(index: ShardIndex, bodies: ReadonlyMap<string, string>) {
  const details = index.details;
  if (!details) return undefined;
  const keys = [
    ...details.gear.map((g) => g.key),
    ...details.plugPages.map((p) => p.key),
    ...details.tables.map((t) => t.key)
  ];
  const deviceGzipBytes = keys.reduce((n, key) => n + gzipped(bodies.get(key)!), 0);
  const { paths } = await source.manifest();
  const replaced = [
    'DestinyInventoryItemDefinition',
    'DestinySocketTypeDefinition',
    'DestinySocketCategoryDefinition',
    'DestinyStatGroupDefinition',
    'DestinyStatDefinition',
    'DestinyPlugSetDefinition',
    'DestinyObjectiveDefinition',
    'DestinyEquipableItemSetDefinition',
    'DestinySandboxPerkDefinition'
  ].filter((name) => paths[name]);
  let baselineRawTablesGzipBytes = 0;
  for (const name of replaced) {
    const bytes = await (await fetch(`${simUrl}${paths[name]}`)).arrayBuffer();
    baselineRawTablesGzipBytes += gzipSync(new Uint8Array(bytes)).length;
  }
  const wishlist = index.wishlist;
  const wishlistText = wishlist ? await (await fetch(wishlist.source)).text() : undefined;
  return {
    deviceGzipBytes,
    baselineRawTablesGzipBytes,
    baselineTables: replaced,
    ratio: Math.round((deviceGzipBytes / baselineRawTablesGzipBytes) * 10000) / 10000,
    ...(wishlist && wishlistText
      ? {
          wishlistPagesGzipBytes: wishlist.pages.reduce(
            (n, p) => n + gzipped(bodies.get(p.key)!),
            0
          ),
          baselineWishlistTextGzipBytes: gzipped(wishlistText)
        }
      : {})
  };
}

const source = createManifestSource({ fetch, baseUrl: simUrl, apiKey });
const started = performance.now();
const result: Record<string, unknown> = { mode };
if (mode === 'stream') {
  const store = createMemoryStore({ keepBodies: false });
  const summary = await runCheck({ source, store, digest, now: Date.now });
  if (summary.outcome !== 'published') throw new Error(JSON.stringify(summary));
  result.ms = Math.round(performance.now() - started);
  peak = Math.max(peak, memory());
  clearInterval(sampler);
  result.itemCount = summary.itemCount;
  result.shardShapeDigest = shapeDigest(JSON.parse(store.objects.get(INDEX_KEY)!) as ShardIndex);
} else if (mode === 'shards') {
  clearInterval(sampler);
  const store = createMemoryStore();
  const summary = await runCheck({
    source,
    store,
    digest,
    now: Date.now,
    // The real list the simulator serves: its pages are measured against its text.
    wishlist: createWishlistSource(fetch, `${simUrl}/__sim/wishlists/voltron.txt`)
  });
  if (summary.outcome !== 'published') throw new Error(JSON.stringify(summary));
  const shards = [...store.objects].filter(([k]) => !k.includes('index'));
  result.itemCount = summary.itemCount;
  result.detailShards = await detailFigures(
    JSON.parse(store.objects.get(INDEX_KEY)!) as ShardIndex,
    store.objects
  );
  result.shardBytes = shards.reduce((n, [, v]) => n + Buffer.byteLength(v), 0);
  result.shardGzipBytes = shards.reduce((n, [, v]) => n + gzipSync(v).length, 0);
  // A second run on the same store: the no-change path.
  const again = await runCheck({ source, store, digest, now: Date.now });
  result.noChangeMs = again.ms;
  result.noChangeOutcome = again.outcome;
  // A bump changing 1% of the items: what is rewritten against what is published.
  const count = summary.itemCount ?? 0;
  const before = JSON.parse(store.objects.get(INDEX_KEY)!) as ShardIndex;
  await fetch(`${simUrl}/__sim/manifest/bump`, {
    method: 'POST',
    body: JSON.stringify({ changedItems: Math.round(count / 100) })
  });
  const bumped = await runCheck({ source, store, digest, now: Date.now });
  // What a device holding the previous version downloads (every shard it reads: all but the
  // edge's item-to-bucket table), gzipped, against all of those a first visit downloads.
  const after = JSON.parse(store.objects.get(INDEX_KEY)!) as ShardIndex;
  const edgeOnly = new Set(after.tables.filter((t) => t.name === 'itemBuckets').map((t) => t.key));
  const deviceKeys = (index: ShardIndex) => shardKeysOf(index).filter((k) => !edgeOnly.has(k));
  const held = new Set(shardKeysOf(before));
  const gzipOf = (keys: string[]) => keys.reduce((n, k) => n + gzipped(store.objects.get(k)!), 0);
  result.afterBump = {
    changedItems: Math.round(count / 100),
    shardsWritten: bumped.shardsWritten,
    shardsReused: bumped.shardsReused,
    bytesWritten: bumped.bytesWritten,
    bytesTotal: bumped.bytesTotal,
    bucketsPatched: after.buckets.filter((b) => b.patch).length,
    deviceDownloadGzipBytes: gzipOf(deviceKeys(after).filter((k) => !held.has(k))),
    deviceAllGzipBytes: gzipOf(deviceKeys(after))
  };
} else {
  // The same reads, in the same order, as runCheck: manifest, the small tables, then the item table.
  const { version, paths } = await source.manifest();
  const [bucketTable, classTable, damageTable] = await Promise.all([
    source.table<Parameters<typeof readBuckets>[0]>(paths.DestinyInventoryBucketDefinition!),
    source.table<Parameters<typeof slimClasses>[0]>(paths.DestinyClassDefinition!),
    source.table<Parameters<typeof slimDamageTypes>[0]>(paths.DestinyDamageTypeDefinition!)
  ]);
  const buckets = readBuckets(bucketTable);
  const detailTables = await readDetailTables(source, paths);
  const loadoutIdentifiers = await readLoadoutIdentifiers(source, paths);
  const { collector, details, tableBytes } = await collectWhole(
    `${simUrl}${paths.DestinyInventoryItemDefinition}`,
    buckets
  );
  // Written where the streaming run writes them: a store that keeps only sizes, as R2 would.
  const store = createMemoryStore({ keepBodies: false });
  const index = await buildShards({
    emit: (file) => store.put(file.key, file.body),
    collector,
    buckets,
    tables: {
      buckets: slimBuckets(buckets),
      classes: slimClasses(classTable),
      damageTypes: slimDamageTypes(damageTable),
      ...(loadoutIdentifiers && { loadoutIdentifiers })
    },
    version,
    sourcePath: paths.DestinyInventoryItemDefinition!,
    publishedAt: new Date().toISOString(),
    digest
  });
  if (detailTables)
    index.details = await buildDetailShards({
      collector: details,
      tables: detailTables,
      digest,
      emit: (file) => store.put(file.key, file.body)
    });
  await store.publishIndex(index);
  result.ms = Math.round(performance.now() - started);
  peak = Math.max(peak, memory());
  clearInterval(sampler);
  result.tableBytes = tableBytes;
  result.itemCount = collector.count;
  result.shardShapeDigest = shapeDigest(index);
}
result.peakMemoryMB = Math.round(((peak - startMemory) / MB) * 10) / 10;
console.log(JSON.stringify(result));
