import { ShardCollector, type BucketInfo } from '../../../src/lib/domain/shards/build-shards.ts';
import { EntrySplitter } from '../../../src/lib/domain/shards/entry-splitter.ts';

/**
 * Reads the item table from a byte stream, entry by entry, into slim items grouped by bucket. At any
 * moment it holds one network chunk, one entry's text and the slim records: never the table.
 */
export async function collectItems(
  stream: ReadableStream<Uint8Array>,
  buckets: ReadonlyMap<number, BucketInfo>
): Promise<ShardCollector> {
  const collector = new ShardCollector(buckets);
  const splitter = new EntrySplitter();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    for (const [key, entry] of splitter.push(text)) collector.add(key, entry);
    if (done) break;
  }
  splitter.end();
  return collector;
}
