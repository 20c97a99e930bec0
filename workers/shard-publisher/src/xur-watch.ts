import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import { getPublicVendors } from 'bungie-api-ts/destiny2';
import { createBungieClient, type Fetch } from '../../../src/lib/bungie/client/http.ts';
import { ComponentType } from '../../../src/lib/bungie/components.ts';
import { XUR_VENDOR_HASH } from '../../../src/lib/bungie/hashes.ts';
import type { VendorStock } from '../../../src/lib/domain/inventory/model.ts';
import {
  slimVendor,
  type PublicVendorsInput
} from '../../../src/lib/domain/inventory/slim-vendor.ts';
import { INDEX_KEY, type ShardIndex } from '../../../src/lib/domain/shards/shard-index.ts';
import {
  describeXurStock,
  visitToAnnounce,
  type ItemWords,
  type VisitRecord
} from '../../../src/lib/domain/xur/arrival.ts';

/** Where the watcher keeps the last visit it announced (outside the shards, which retention prunes). */
export const XUR_VISIT_KEY = 'xur/v1/visit.json';

export interface XurWatchDeps {
  /** Xûr's public stock now. */
  stock(): Promise<VendorStock>;
  /** The record, with a tag for a conditional write; none before the first announcement. */
  read(): Promise<{ record: VisitRecord; etag: string } | undefined>;
  /** Writes the record only if it is still what was read (`etag`, or absent): false when another run wrote first. */
  write(record: VisitRecord, etag: string | undefined): Promise<string | false>;
  wordsOf(hashes: number[]): Promise<(hash: number) => ItemWords | undefined>;
  /** Sends the message; throws when the channel refused it outright (worth another try). */
  announce(text: string): Promise<void>;
  now(): number;
}

export type WatchOutcome =
  { outcome: 'away' | 'known' | 'taken' } | { outcome: 'announced' | 'failed'; visit: string };

/**
 * One look at Xûr, run with each cron tick: a visit not announced yet is claimed (a conditional
 * write, so two runs never both announce it), announced, then marked announced. A run that dies
 * after its claim leaves the visit unannounced rather than risk it twice; a channel that refused
 * the message outright leaves it `failed`, and the next run tries again.
 */
export async function watchXur(deps: XurWatchDeps): Promise<WatchOutcome> {
  const [stock, last] = await Promise.all([deps.stock(), deps.read()]);
  const visit = visitToAnnounce(stock, last?.record);
  if (!visit) return { outcome: stock.present ? 'known' : 'away' };
  const claimed = await deps.write({ visit, state: 'announcing', at: deps.now() }, last?.etag);
  if (claimed === false) return { outcome: 'taken' };
  const hashes = stock.items.flatMap((i) => [i.hash, ...i.costs.map((c) => c.hash)]);
  const text = describeXurStock(stock, await deps.wordsOf(hashes));
  try {
    await deps.announce(text);
  } catch {
    await deps.write({ visit, state: 'failed', at: deps.now() }, claimed);
    return { outcome: 'failed', visit };
  }
  await deps.write({ visit, state: 'announced', at: deps.now() }, claimed);
  return { outcome: 'announced', visit };
}

/** The watcher's dependencies on Workers: Bungie's public vendors, R2 for the record and names, a webhook. */
export function xurWatchDeps(options: {
  fetch: Fetch;
  baseUrl: string;
  apiKey: string;
  bucket: R2Bucket;
  webhookUrl: string;
}): XurWatchDeps {
  const { bucket } = options;
  const bungie = createBungieClient({
    fetch: options.fetch,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey
  });
  return {
    async stock() {
      const response = await getPublicVendors(bungie, {
        components: [ComponentType.Vendors, ComponentType.VendorSales]
      });
      return slimVendor(
        XUR_VENDOR_HASH,
        response.Response as unknown as PublicVendorsInput,
        () => undefined,
        new Date().toISOString()
      );
    },
    async read() {
      const object = await bucket.get(XUR_VISIT_KEY);
      return object
        ? { record: (await object.json()) as VisitRecord, etag: object.etag }
        : undefined;
    },
    async write(record, etag) {
      const written = await bucket.put(XUR_VISIT_KEY, JSON.stringify(record), {
        httpMetadata: { contentType: 'application/json' },
        onlyIf: etag ? { etagMatches: etag } : { etagDoesNotMatch: '*' }
      });
      return written ? written.etag : false;
    },
    wordsOf: (hashes) => publishedWords(bucket, hashes),
    async announce(text) {
      const response = await options.fetch(
        new Request(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text })
        })
      );
      if (!response.ok) throw new Error(`The webhook answered HTTP ${response.status}`);
    },
    now: Date.now
  };
}

/** Names and types of items from the published shards (their slot from `itemBuckets`). */
async function publishedWords(
  bucket: R2Bucket,
  hashes: number[]
): Promise<(hash: number) => ItemWords | undefined> {
  const words = new Map<number, ItemWords>();
  const index = (await (await bucket.get(INDEX_KEY))?.json()) as ShardIndex | undefined;
  const table = index?.tables.find((t) => t.name === 'itemBuckets');
  const slots = table
    ? ((await (await bucket.get(table.key))?.json()) as { itemBuckets: Record<string, number[]> })
    : undefined;
  const wanted = new Set(hashes);
  for (const [bucketHash, inBucket] of Object.entries(slots?.itemBuckets ?? {})) {
    if (!inBucket.some((hash) => wanted.has(hash))) continue;
    const shard = index!.buckets.find((b) => b.bucketHash === Number(bucketHash));
    const body = shard
      ? ((await (await bucket.get(shard.key))?.json()) as {
          items: Record<string, { name?: string; typeName?: string }>;
        })
      : undefined;
    for (const hash of inBucket) {
      const item = wanted.has(hash) ? body?.items[hash] : undefined;
      if (item?.name)
        words.set(hash, { name: item.name, ...(item.typeName && { typeName: item.typeName }) });
    }
  }
  return (hash) => words.get(hash);
}
