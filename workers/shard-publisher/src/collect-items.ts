import { DetailCollector } from '../../../src/lib/domain/details/build-details.ts';
import { ShardCollector, type BucketInfo } from '../../../src/lib/domain/shards/build-shards.ts';
import { EntrySplitter } from '../../../src/lib/domain/shards/entry-splitter.ts';
import type { ItemDefinitionInput } from '../../../src/lib/domain/shards/slim-item.ts';

/**
 * Reads the item table from a byte stream, entry by entry, into slim items grouped by bucket and
 * the item sheet's gear and plug records. At any moment it holds one network chunk, one entry's
 * text and the slim records: never the table. Each entry is parsed once, for both.
 */
export async function collectItems(
  stream: ReadableStream<Uint8Array>,
  buckets: ReadonlyMap<number, BucketInfo>
): Promise<{ items: ShardCollector; details: DetailCollector }> {
  const items = new ShardCollector(buckets);
  const details = new DetailCollector();
  const splitter = new EntrySplitter();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    for (const [key, entry] of splitter.push(text)) {
      const definition = JSON.parse(entry) as ItemDefinitionInput;
      items.addDefinition(key, definition);
      details.add(key, definition);
    }
    if (done) break;
  }
  splitter.end();
  return { items, details };
}
