import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildShards, ShardCollector } from '../src/lib/domain/shards/build-shards.ts';
import { readBuckets, slimBuckets, slimClasses, slimDamageTypes } from '../src/lib/domain/shards/small-tables.ts';
import { createManifestSource } from '../workers/shard-publisher/src/manifest-source.ts';
import { runCheck } from '../workers/shard-publisher/src/publish.ts';
import { createMemoryStore } from './memory-store.ts';

/**
 * One measurement in a fresh process (so nothing else shares its heap): `stream` publishes the way the
 * Worker does; `whole` is the baseline that downloads the table as one string and JSON.parses it;
 * `shards` publishes, keeps the bodies and measures them (gzip, a no-change run, a 1% bump).
 * Prints one JSON line.
 */
const [mode, simUrl, apiKey] = process.argv.slice(2) as ['stream' | 'whole' | 'shards', string, string];
const digest = async (text: string) => createHash('sha256').update(text).digest('hex');
const MB = 1024 * 1024;

globalThis.gc?.();
const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const startMemory = memory();
let peak = startMemory;
const sampler = setInterval(() => (peak = Math.max(peak, memory())), 2);

const source = createManifestSource({ fetch, baseUrl: simUrl, apiKey });
const started = performance.now();
const result: Record<string, unknown> = { mode };
if (mode === 'stream') {
  const summary = await runCheck({ source, store: createMemoryStore({ keepBodies: false }), digest, now: Date.now });
  if (summary.outcome !== 'published') throw new Error(JSON.stringify(summary));
  result.ms = Math.round(performance.now() - started);
  peak = Math.max(peak, memory());
  clearInterval(sampler);
  result.itemCount = summary.itemCount;
} else if (mode === 'shards') {
  clearInterval(sampler);
  const store = createMemoryStore();
  const summary = await runCheck({ source, store, digest, now: Date.now });
  if (summary.outcome !== 'published') throw new Error(JSON.stringify(summary));
  const shards = [...store.objects].filter(([k]) => !k.includes('index'));
  result.itemCount = summary.itemCount;
  result.shardBytes = shards.reduce((n, [, v]) => n + Buffer.byteLength(v), 0);
  result.shardGzipBytes = shards.reduce((n, [, v]) => n + gzipSync(v).length, 0);
  // A second run on the same store: the no-change path.
  const again = await runCheck({ source, store, digest, now: Date.now });
  result.noChangeMs = again.ms;
  result.noChangeOutcome = again.outcome;
  // A bump changing 1% of the items: what is rewritten against what is published.
  const count = summary.itemCount ?? 0;
  await fetch(`${simUrl}/__sim/manifest/bump`, { method: 'POST', body: JSON.stringify({ changedItems: Math.round(count / 100) }) });
  const bumped = await runCheck({ source, store, digest, now: Date.now });
  result.afterBump = { changedItems: Math.round(count / 100), shardsWritten: bumped.shardsWritten, shardsReused: bumped.shardsReused, bytesWritten: bumped.bytesWritten, bytesTotal: bumped.bytesTotal };
} else {
  const manifest = await source.manifest();
  const paths = manifest.paths;
  // The whole body as one buffer, then one string (undici's .text() fails on bodies this large).
  const text = new TextDecoder().decode(await (await fetch(`${simUrl}${paths.DestinyInventoryItemDefinition}`)).arrayBuffer());
  const table = JSON.parse(text) as Record<string, unknown>;
  const buckets = readBuckets(await source.table(paths.DestinyInventoryBucketDefinition!));
  const collector = new ShardCollector(buckets);
  for (const [key, def] of Object.entries(table)) collector.add(key, JSON.stringify(def));
  await buildShards({
    emit: async () => undefined,
    collector,
    buckets,
    tables: { buckets: slimBuckets(buckets), classes: slimClasses(await source.table(paths.DestinyClassDefinition!)), damageTypes: slimDamageTypes(await source.table(paths.DestinyDamageTypeDefinition!)) },
    version: manifest.version,
    sourcePath: paths.DestinyInventoryItemDefinition!,
    publishedAt: new Date().toISOString(),
    digest
  });
  result.ms = Math.round(performance.now() - started);
  peak = Math.max(peak, memory());
  clearInterval(sampler);
  result.tableBytes = Buffer.byteLength(text);
  result.itemCount = collector.count;
}
result.peakMemoryMB = Math.round(((peak - startMemory) / MB) * 10) / 10;
console.log(JSON.stringify(result));
