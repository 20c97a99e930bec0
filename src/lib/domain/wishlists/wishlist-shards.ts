import type { Digest, ShardFile } from '../shards/build-shards.ts';
import { perksStoodFor } from '../details/enhanced-perks.ts';
import { SHARD_SCHEMA, shardKey } from '../shards/shard-index.ts';
import {
  matchingRolls,
  WILDCARD_ITEM,
  type ParsedWishlist,
  type WishlistRoll
} from './parse-wishlist.ts';

/**
 * A wish list as phones read it: parsed at the edge into pages of rolls by item hash (the text is
 * megabytes; a page of the real list is tens of KB gzipped), content-addressed like every shard, so
 * a list that did not change is not downloaded again. Wildcard rolls sit on page 0.
 */
export const WISHLIST_PAGES = 8;

export const wishlistPageOf = (itemHash: number): number =>
  itemHash === WILDCARD_ITEM ? 0 : itemHash % WISHLIST_PAGES;

/** `[perks, notes index or -1, 1 for a trash roll]`: compact, for thousands of rolls. */
type PageRoll = [perks: number[], notes: number, trash?: 1];

export interface WishlistPage {
  schema: typeof SHARD_SCHEMA;
  page: number;
  /** Notes are long and repeated: each is written once per page, rolls name it by index. */
  notes: string[];
  rolls: Record<string, PageRoll[]>;
}

export interface WishlistIndex {
  title?: string;
  description?: string;
  /** Where the list was read from. */
  source: string;
  /** A digest of the list's text: a list fetched again unchanged is not published again. */
  digest: string;
  rolls: number;
  pages: { page: number; key: string; count: number; bytes: number }[];
}

export async function buildWishlistShards(input: {
  parsed: ParsedWishlist;
  source: string;
  textDigest: string;
  digest: Digest;
  emit: (file: ShardFile) => Promise<void>;
}): Promise<WishlistIndex> {
  const pages = Array.from({ length: WISHLIST_PAGES }, (_, page) => ({
    page,
    notes: [] as string[],
    noteIndex: new Map<string, number>(),
    rolls: {} as Record<string, PageRoll[]>,
    count: 0
  }));
  for (const [itemHash, rolls] of [...input.parsed.rolls].sort(([a], [b]) => a - b)) {
    const page = pages[wishlistPageOf(itemHash)]!;
    page.rolls[itemHash] = rolls.map((roll) => {
      let notes = -1;
      if (roll.notes !== undefined) {
        notes = page.noteIndex.get(roll.notes) ?? page.notes.push(roll.notes) - 1;
        page.noteIndex.set(roll.notes, notes);
      }
      return roll.trash ? [roll.perks, notes, 1] : [roll.perks, notes];
    });
    page.count += rolls.length;
  }
  const index: WishlistIndex = {
    ...(input.parsed.title ? { title: input.parsed.title } : {}),
    ...(input.parsed.description ? { description: input.parsed.description } : {}),
    source: input.source,
    digest: input.textDigest,
    rolls: input.parsed.counts.rolls,
    pages: []
  };
  for (const { page, notes, rolls, count } of pages) {
    const body = JSON.stringify({
      schema: SHARD_SCHEMA,
      page,
      notes,
      rolls
    } satisfies WishlistPage);
    const key = shardKey(`wishlist-${page}`, await input.digest(body));
    await input.emit({ key, body });
    index.pages.push({ page, key, count, bytes: new TextEncoder().encode(body).length });
  }
  return index;
}

/** The rolls of a page, as the matcher reads them. */
export function readWishlistPage(page: WishlistPage): Map<number, WishlistRoll[]> {
  return new Map(
    Object.entries(page.rolls).map(([itemHash, rolls]) => [
      Number(itemHash),
      rolls.map(([perks, notes, trash]) => ({
        perks,
        ...(notes >= 0 && page.notes[notes] !== undefined ? { notes: page.notes[notes] } : {}),
        ...(trash ? { trash: true as const } : {})
      }))
    ])
  );
}

export interface RollMark {
  kind: 'wish' | 'trash';
  /** The perks the matching roll names (the sheet highlights them). */
  perks: number[];
  notes?: string;
}

/**
 * How the wish list judges an instance, from every perk plugged or selectable in its sockets: a
 * wished roll when one matches (the curator's word), else a trash roll when one matches.
 */
export function judgeRoll(
  rolls: ReadonlyMap<number, readonly WishlistRoll[]>,
  itemHash: number,
  perks: ReadonlySet<number>
): RollMark | undefined {
  const matches = matchingRolls(rolls, itemHash, perks);
  const roll = matches.find((r) => !r.trash) ?? matches[0];
  if (!roll) return undefined;
  return {
    kind: roll.trash ? 'trash' : 'wish',
    perks: roll.perks,
    ...(roll.notes ? { notes: roll.notes } : {})
  };
}

/**
 * Every instance the wish list judges, by item id: its sockets' perks against its item's rolls. An
 * enhanced perk counts as its base perk and a base perk as its enhanced one (`baseOf`: enhanced →
 * base, as published); the mark's perks then include the instance's own plugs that stood in, so
 * the sheet highlights what the item holds.
 */
export function markRolls(
  items: readonly { id: string; hash: number; instanced: boolean }[],
  details: Readonly<Record<string, { sockets: readonly (readonly number[] | null)[] }>>,
  rolls: ReadonlyMap<number, readonly WishlistRoll[]>,
  baseOf: ReadonlyMap<number, number> = new Map()
): Map<string, RollMark> {
  const marks = new Map<string, RollMark>();
  if (!rolls.size) return marks;
  const enhancedOf = new Map([...baseOf].map(([enhanced, base]) => [base, enhanced]));
  for (const item of items) {
    const sockets = item.instanced ? details[item.id]?.sockets : undefined;
    if (!sockets) continue;
    const plugs = sockets.flatMap((socket) => socket ?? []);
    const mark = judgeRoll(rolls, item.hash, perksStoodFor(plugs, baseOf, enhancedOf));
    if (!mark) continue;
    const named = new Set(mark.perks);
    const standIns = plugs.filter(
      (hash) =>
        !named.has(hash) &&
        (named.has(baseOf.get(hash) ?? -1) || named.has(enhancedOf.get(hash) ?? -1))
    );
    marks.set(item.id, standIns.length ? { ...mark, perks: [...mark.perks, ...standIns] } : mark);
  }
  return marks;
}
