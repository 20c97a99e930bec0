import {
  SHARD_BUILD,
  SHARD_SCHEMA,
  shardKey,
  type ShardIndex,
  type TableName
} from './shard-index.ts';
import { slimItem, type ItemDefinitionInput } from './slim-item.ts';
import { planBucket, textsOfFragments, type ItemTexts } from './bucket-patch.ts';

/** A bucket as the published index has it: its base shard's items, and its patch's if any. */
export interface PublishedBucket {
  baseKey: string;
  base: ItemTexts;
  baseBytes: number;
  patch?: ReadonlyMap<string, string | null> | undefined;
}

/** What the shard build needs to know of a bucket, from Bungie's bucket definitions. */
export interface BucketInfo {
  hash: number;
  name: string;
  itemCount: number;
  category: number;
  location: number;
  scope: number;
  bucketOrder: number;
}

/**
 * Collects slim items entry by entry while the item table streams by, grouped by bucket. Entries
 * for buckets Bungie does not define, and redacted ones, are counted and dropped. Each slim record
 * is kept as its JSON text, not as an object: a quarter of the memory, which keeps a 4x-size table
 * well inside a Worker's 128 MB.
 */
export class ShardCollector {
  /** Per bucket: `"hash":{...}` fragments, in table order. */
  readonly groups = new Map<number, string[]>();
  /** Per bucket: the item hashes, for the `itemBuckets` table. */
  readonly hashes = new Map<number, number[]>();
  count = 0;
  skipped = 0;

  private readonly buckets: ReadonlyMap<number, BucketInfo>;

  constructor(buckets: ReadonlyMap<number, BucketInfo>) {
    this.buckets = buckets;
  }

  /** One entry as the streaming splitter hands it over: its key and its value's JSON text. */
  add(key: string, valueText: string): void {
    this.addDefinition(key, JSON.parse(valueText) as ItemDefinitionInput);
  }

  /** One entry already parsed (a table read whole). */
  addDefinition(key: string, definition: ItemDefinitionInput): void {
    const slim = slimItem(definition);
    if (!slim || !this.buckets.has(slim.bucketHash)) {
      this.skipped++;
      return;
    }
    let group = this.groups.get(slim.bucketHash);
    if (!group) this.groups.set(slim.bucketHash, (group = []));
    group.push(`${JSON.stringify(key)}:${JSON.stringify(slim.item)}`);
    let hashes = this.hashes.get(slim.bucketHash);
    if (!hashes) this.hashes.set(slim.bucketHash, (hashes = []));
    hashes.push(Number(key));
    this.count++;
  }
}

export interface ShardFile {
  key: string;
  body: string;
}

/** A content hash, hex: passed in so this module stays free of I/O and platform APIs. */
export type Digest = (text: string) => Promise<string>;

/**
 * Turns collected items and small tables into shard files and the index that names them. Keys are
 * content hashes, so an unchanged bucket keeps its key and is not written again. Each file goes to
 * `emit` as soon as it is built, and its bucket's fragments are released, so at most one shard body
 * exists at a time besides the collected fragments.
 */
export async function buildShards(input: {
  collector: ShardCollector;
  buckets: ReadonlyMap<number, BucketInfo>;
  tables: Record<'buckets' | 'classes' | 'damageTypes', unknown> &
    Partial<Record<'loadoutIdentifiers', unknown>>;
  version: string;
  sourcePath: string;
  publishedAt: string;
  digest: Digest;
  emit: (file: ShardFile) => Promise<void>;
  /** The bucket as published now, to publish only a patch over its base (see `planBucket`). */
  published?: (bucketHash: number) => Promise<PublishedBucket | undefined>;
  /** A published shard this index names again without rewriting it. */
  kept?: (key: string, bytes: number) => void;
}): Promise<ShardIndex> {
  const index: ShardIndex = {
    schema: SHARD_SCHEMA,
    build: SHARD_BUILD,
    version: input.version,
    sourcePath: input.sourcePath,
    publishedAt: input.publishedAt,
    itemCount: input.collector.count,
    buckets: [],
    tables: []
  };
  const bucketHashes = [...input.collector.groups.keys()].sort((a, b) => a - b);
  for (const bucketHash of bucketHashes) {
    const bucket = input.buckets.get(bucketHash)!;
    const fragments = input.collector.groups.get(bucketHash)!;
    input.collector.groups.delete(bucketHash);
    const published = await input.published?.(bucketHash);
    // Assembled as text: the same as JSON.stringify of a BucketShard, without building the objects.
    const whole = `{"schema":${SHARD_SCHEMA},"bucketHash":${bucketHash},"items":{${fragments.join(',')}}}`;
    const wholeKey = shardKey(`${bucket.name}-${bucketHash}`, await input.digest(whole));
    const plan = published
      ? planBucket({
          current: textsOfFragments(fragments),
          base: published.base,
          baseBytes: published.baseBytes,
          previousPatch: published.patch,
          // Back to the base byte for byte: a device holding base and patch would keep the base
          // (same key) and drop the patch, so a patch must undo what the last one changed.
          always: wholeKey === published.baseKey && published.patch !== undefined
        })
      : ({ kind: 'whole' } as const);
    if (published && plan.kind === 'patch') {
      const items = plan.items.map(([hash, text]) => `${JSON.stringify(hash)}:${text ?? 'null'}`);
      const body = `{"schema":${SHARD_SCHEMA},"bucketHash":${bucketHash},"base":${JSON.stringify(published.baseKey)},"items":{${items.join(',')}}}`;
      const key = shardKey(`${bucket.name}-${bucketHash}-patch`, await input.digest(body));
      input.kept?.(published.baseKey, published.baseBytes);
      await input.emit({ key, body });
      index.buckets.push({
        bucketHash,
        name: bucket.name,
        capacity: bucket.itemCount,
        category: bucket.category,
        key: published.baseKey,
        count: fragments.length,
        bytes: published.baseBytes,
        patch: { key, count: items.length, bytes: byteLength(body) }
      });
      continue;
    }
    await input.emit({ key: wholeKey, body: whole });
    index.buckets.push({
      bucketHash,
      name: bucket.name,
      capacity: bucket.itemCount,
      category: bucket.category,
      key: wholeKey,
      count: fragments.length,
      bytes: byteLength(whole)
    });
  }
  const tables: Partial<Record<TableName, unknown>> = {
    ...input.tables,
    itemBuckets: Object.fromEntries(input.collector.hashes)
  };
  for (const name of Object.keys(tables).sort() as TableName[]) {
    const body = JSON.stringify({ schema: SHARD_SCHEMA, [name]: tables[name] });
    const key = shardKey(`table-${name}`, await input.digest(body));
    await input.emit({ key, body });
    index.tables.push({ name, key, bytes: byteLength(body) });
  }
  return index;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
