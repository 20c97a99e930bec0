import type { Digest, ShardFile } from '../../../src/lib/domain/shards/build-shards.ts';
import { parseWishlist } from '../../../src/lib/domain/wishlists/parse-wishlist.ts';
import {
  buildWishlistShards,
  type WishlistIndex
} from '../../../src/lib/domain/wishlists/wishlist-shards.ts';

/** A wish list is read again at most this often: lists change weekly, and they are megabytes. */
export const WISHLIST_EVERY_MS = 24 * 60 * 60 * 1000;

/** Where the wish list comes from: a URL in the deploy's configuration (`WISHLIST_URL`). */
export interface WishlistSource {
  url: string;
  text(): Promise<string>;
}

export function createWishlistSource(fetchImpl: typeof fetch, url: string): WishlistSource {
  return {
    url,
    async text() {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
      if (!response.ok) throw new Error(`The wish list answered ${response.status}`);
      return response.text();
    }
  };
}

/** Whether the wish list is due a read: never read, another list configured, or a day old. */
export function wishlistDue(
  source: WishlistSource | undefined,
  published: WishlistIndex | undefined,
  checkedAt: number | undefined,
  now: number
): boolean {
  if (!source) return false;
  if (published?.source !== source.url || checkedAt === undefined) return true;
  return now - checkedAt >= WISHLIST_EVERY_MS;
}

/**
 * Reads the list and, when its text changed, parses it here at the edge into pages (the phones
 * never see the text). Answers the published list's entry: the new one, or `published` when the
 * text is the same. Throws when the list cannot be read; the caller keeps what is published.
 */
export async function refreshWishlist(input: {
  source: WishlistSource;
  published: WishlistIndex | undefined;
  digest: Digest;
  emit: (file: ShardFile) => Promise<void>;
}): Promise<WishlistIndex> {
  const text = await input.source.text();
  const textDigest = await input.digest(text);
  if (input.published?.digest === textDigest && input.published.source === input.source.url)
    return input.published;
  return buildWishlistShards({
    parsed: parseWishlist(text),
    source: input.source.url,
    textDigest,
    digest: input.digest,
    emit: input.emit
  });
}
