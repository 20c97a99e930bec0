/**
 * DIM's wish-list text format ("voltron"), parsed into per-item rolls small enough to store one
 * record per item and send to phones. The rules follow DIM's own parser
 * (DestinyItemManager/DIM `src/app/wishlists/wishlist-file.ts`); where this one differs, the
 * comment at that spot says why.
 */

/** DIM's `DimWishList.WildcardItemId` (types.ts): rolls under it apply to every item. */
export const WILDCARD_ITEM = -69420;

export interface WishlistRoll {
  /** Perk hashes, in the curator's order; all must be on the item. Empty: any roll of the item. */
  perks: number[];
  /** The curator's notes as written, `|tags:…` included, so the phone can show or filter by them. */
  notes?: string;
  /** An unwanted roll (`item=-<hash>` in the list). */
  trash?: true;
}

export interface ParsedWishlist {
  title?: string;
  description?: string;
  /** Rolls by item hash; WILDCARD_ITEM for rolls that apply to every item. */
  rolls: Map<number, WishlistRoll[]>;
  /**
   * rolls, trash and wildcard count distinct rolls; items excludes the wildcard key; skipped
   * counts blank, comment, junk and malformed lines; a block opens at each title (or a
   * description with no title before it).
   */
  counts: {
    rolls: number;
    items: number;
    trash: number;
    wildcard: number;
    skipped: number;
    blocks: number;
  };
}

const MAX_HASH = 0xffffffff;
const HEADER = /^@?(title|description):(.*)$/s;
// Stricter than DIM's regex, which reads `perks=1,x2` as perks [1] with notes "x2": a line it
// cannot read whole is skipped rather than turned into a roll the curator did not write.
const ROLL = /^dimwishlist:item=(-?\d+)(?:&perks=([^#]*))?(?:#notes:(.*))?$/s;
const BLOCK_NOTES = '//notes:';

const isHash = (n: number): boolean => Number.isInteger(n) && n > 0 && n <= MAX_HASH;

/** Distinct perk hashes in the order written, or undefined when a token is not a hash. */
function parsePerks(list: string): number[] | undefined {
  const perks = new Set<number>();
  for (const token of list.split(',')) {
    const t = token.trim();
    if (t === '') continue; // a trailing comma, which DIM tolerates too
    const hash = /^\d+$/.test(t) ? Number(t) : 0;
    if (!isHash(hash)) return undefined;
    perks.add(hash);
  }
  return [...perks];
}

/**
 * DIM (`getNotes`) lets a line's `#notes:` replace the block notes only when it has text before
 * the `|`: 48klocs writes `#notes:|tags:pve` under a `//notes:` line, and the words are in the
 * block. DIM then drops the tags; here they are appended to the block notes instead.
 */
function rollNotes(own: string | undefined, block: string | undefined): string | undefined {
  const mine = own?.trim() ?? '';
  const bar = mine.indexOf('|');
  const text = bar < 0 ? mine : mine.slice(0, bar).trim();
  if (text !== '' || block === undefined) return mine === '' ? undefined : mine;
  return bar < 0 ? block : block + mine.slice(bar);
}

export function parseWishlist(text: string): ParsedWishlist {
  const rolls = new Map<number, WishlistRoll[]>();
  const counts = { rolls: 0, items: 0, trash: 0, wildcard: 0, skipped: 0, blocks: 0 };
  const parsed: ParsedWishlist = { rolls, counts };
  // Lists repeat rolls (one curator's roll in several blocks): keyed by item, trash and perk set.
  // The first copy's notes stay; a later copy's fill in only where the first had none.
  const seen = new Map<string, WishlistRoll>();
  let blockNotes: string | undefined;
  // True before the first header, so a list that opens with a description still opens a block.
  let blockHasDescription = true;

  const addRoll = (line: string): boolean => {
    const m = ROLL.exec(line);
    const item = Number(m?.[1]);
    const perks = m && isHash(Math.abs(item)) ? parsePerks(m[2] ?? '') : undefined;
    if (!m || !perks) return false;
    const trash = item < 0 && item !== WILDCARD_ITEM;
    const key = trash ? -item : item;
    const id = `${key}${trash ? '-' : '+'}${[...perks].sort((a, b) => a - b).join(',')}`;
    const notes = rollNotes(m[3], blockNotes);
    const dup = seen.get(id);
    if (dup) {
      if (dup.notes === undefined && notes !== undefined) dup.notes = notes;
      return true;
    }
    const roll: WishlistRoll = { perks };
    if (notes !== undefined) roll.notes = notes;
    if (trash) roll.trash = true;
    seen.set(id, roll);
    const list = rolls.get(key);
    if (list) list.push(roll);
    else rolls.set(key, [roll]);
    counts.rolls++;
    if (trash) counts.trash++;
    if (key === WILDCARD_ITEM) counts.wildcard++;
    return true;
  };

  // Any line ending: DIM splits on '\n' only, so in a CRLF file its "\r" lines are not blank
  // and do not end a block's notes.
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  let header: RegExpExecArray | null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith(BLOCK_NOTES)) {
      blockNotes = line.slice(BLOCK_NOTES.length).trim() || undefined;
    } else if (line === '' || line.startsWith('//')) {
      // As in DIM's toWishList: a blank line or any other comment ends the block's notes.
      blockNotes = undefined;
      counts.skipped++;
    } else if ((header = HEADER.exec(line))) {
      const value = (header[2] ?? '').trim();
      const isTitle = header[1] === 'title';
      if (isTitle || blockHasDescription) counts.blocks++;
      blockHasDescription = !isTitle;
      // The first non-empty one names the list, as in DIM (`if (!info.title)`).
      if (value !== '') parsed[isTitle ? 'title' : 'description'] ??= value;
    } else if (!addRoll(line)) {
      counts.skipped++;
    }
  }
  counts.items = rolls.size - (rolls.has(WILDCARD_ITEM) ? 1 : 0);
  return parsed;
}

/**
 * The rolls of `itemHash` (and wildcard rolls) whose every perk is among `perks`: the item's
 * plugged and selectable perk hashes. DIM matches enhanced perks to the base perk the list names;
 * here the caller does that, by putting the base hashes of enhanced perks in `perks` too. Trash
 * rolls are returned with `trash: true`, so the caller decides what a match on one means.
 */
export function matchingRolls(
  rolls: ReadonlyMap<number, readonly WishlistRoll[]>,
  itemHash: number,
  perks: ReadonlySet<number>
): WishlistRoll[] {
  const keys = itemHash === WILDCARD_ITEM ? [itemHash] : [itemHash, WILDCARD_ITEM];
  return keys.flatMap((key) =>
    (rolls.get(key) ?? []).filter((roll) => roll.perks.every((perk) => perks.has(perk)))
  );
}
