import type { SlimItem } from './slim-item.ts';

/**
 * A bucket's shard after a manifest update: its base, unchanged, plus one patch of what changed
 * since that base. Bungie renames and revises items spread across every bucket (hashes are random),
 * so splitting a bucket into pages still rewrites nearly every page for 1% of items renamed; a patch
 * holds only those items. Each patch is cumulative (every change since its base, so a device needs
 * the base and the latest patch, never a chain), and once it grows past a share of its base the
 * bucket is published whole again, which keeps a first visit's download near one shard a bucket.
 */
export const MAX_PATCH_SHARE = 0.25;

/** Body of a patch shard: items changed since `base` (a shard key), `null` for those gone. */
export interface BucketPatch {
  schema: number;
  bucketHash: number;
  base: string;
  items: Record<string, SlimItem | null>;
}

/** Items by hash as their JSON text (how the publisher holds and compares them). */
export type ItemTexts = ReadonlyMap<string, string>;

export type BucketPlan =
  { kind: 'whole' } | { kind: 'patch'; items: [hash: string, text: string | null][] };

/**
 * Whether a bucket is published whole or as a patch over the base devices already hold: a patch
 * when there is a base and the patch stays within `MAX_PATCH_SHARE` of the base's bytes. A patch
 * names every item that differs from the base, every item gone (`null`), and every item an earlier
 * patch named (with its value now, even back to the base's: a device holding that patch must
 * return it).
 */
export function planBucket(input: {
  current: ItemTexts;
  base: ItemTexts | undefined;
  baseBytes: number;
  previousPatch?: ReadonlyMap<string, string | null> | undefined;
  /** A patch whatever its size (the whole body would be the base itself, under its own key). */
  always?: boolean;
}): BucketPlan {
  const { current, base, previousPatch } = input;
  if (!base) return { kind: 'whole' };
  const changed = new Map<string, string | null>();
  for (const [hash, text] of current) if (base.get(hash) !== text) changed.set(hash, text);
  for (const hash of base.keys()) if (!current.has(hash)) changed.set(hash, null);
  for (const hash of previousPatch?.keys() ?? [])
    if (!changed.has(hash)) changed.set(hash, current.get(hash) ?? null);
  if (!changed.size) return { kind: 'whole' };
  let bytes = 0;
  for (const [hash, text] of changed) bytes += hash.length + (text?.length ?? 4) + 4;
  if (!input.always && bytes > MAX_PATCH_SHARE * input.baseBytes) return { kind: 'whole' };
  return { kind: 'patch', items: [...changed].sort(([a], [b]) => Number(a) - Number(b)) };
}

/** A bucket's items with its patch applied: what a device holds after both. */
export function patchedItems(
  items: Readonly<Record<string, SlimItem>>,
  patch: Pick<BucketPatch, 'items'> | undefined
): Record<string, SlimItem> {
  if (!patch) return { ...items };
  const out: Record<string, SlimItem> = { ...items };
  for (const [hash, item] of Object.entries(patch.items)) {
    if (item) out[hash] = item;
    else delete out[hash];
  }
  return out;
}

/** A bucket shard's items as the publisher holds them, from the `"hash":{…}` fragments it built. */
export function textsOfFragments(fragments: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const fragment of fragments) {
    // `"123":{…}`: the key is a JSON string of digits, so the first colon ends it.
    const colon = fragment.indexOf(':');
    texts.set(JSON.parse(fragment.slice(0, colon)) as string, fragment.slice(colon + 1));
  }
  return texts;
}

/** A published body's items as text, to compare with what is being built (`null`: gone). */
export function textsOfItems<T extends SlimItem | null>(
  items: Readonly<Record<string, T>>
): Map<string, T extends null ? string | null : string> {
  return new Map(
    Object.entries(items).map(([hash, item]) => [
      hash,
      (item ? JSON.stringify(item) : null) as T extends null ? string | null : string
    ])
  );
}
