import type { R2Bucket, R2ObjectBody } from '@cloudflare/workers-types/index.ts';

/** Every object under `prefix`, with its body, a page of R2's listing at a time. */
export async function* objectsUnder(
  bucket: R2Bucket,
  prefix: string
): AsyncGenerator<{ key: string; object: R2ObjectBody }> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, ...(cursor && { cursor }) });
    for (const { key } of page.objects) {
      const object = await bucket.get(key);
      if (object) yield { key, object };
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}
