import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from '../inventory/model.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import type { ItemTag } from '../player-data/shapes.ts';
import { ITEM_TAGS } from '../player-data/shapes.ts';
import type { ItemSheet, PlugView } from '../details/item-sheet.ts';
import type { QueryNode } from './parse-query.ts';

/**
 * What the filters read besides the item: its definition, the whole inventory (dupes), how the
 * wish list judges its roll (when the device has judged it), the player's tag and notes on it, and
 * the names of the player's loadouts that hold it.
 */
export interface FilterContext {
  definition: (hash: number) => SlimItem | undefined;
  items: readonly InventoryItem[];
  roll?: (itemId: string) => 'wish' | 'trash' | undefined;
  annotation?: (item: InventoryItem) => { tag?: ItemTag; notes?: string } | undefined;
  loadoutsOf?: (item: InventoryItem) => readonly string[];
  /** The item's sheet (perks and stats), for weapons and armor, once the device has built it. */
  sheetOf?: (item: InventoryItem) => ItemSheet | undefined;
}

export type ItemPredicate = (item: InventoryItem) => boolean;

export type CompileResult =
  { ok: true; matches: ItemPredicate } | { ok: false; error: { message: string; word: string } };

/** Folds case and accents, so "xur" finds "Xûr" and "Bad Juju" finds "bad juju". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

const WEAPON = 3;
const ARMOR = 2;
const SLOTS: Record<string, number> = {
  kinetic: BucketHashes.KineticWeapons,
  energy: BucketHashes.EnergyWeapons,
  power: BucketHashes.PowerWeapons,
  heavy: BucketHashes.PowerWeapons,
  helmet: BucketHashes.Helmet,
  gauntlets: BucketHashes.Gauntlets,
  chest: BucketHashes.ChestArmor,
  leg: BucketHashes.LegArmor,
  legs: BucketHashes.LegArmor,
  classitem: BucketHashes.ClassArmor,
  ghost: BucketHashes.Ghost
};
const CLASSES: Record<string, number> = { titan: 0, hunter: 1, warlock: 2 };
/** DestinyDamageType: kinetic 1, arc 2, solar (thermal) 3, void 4, stasis 6, strand 7. */
const ELEMENTS: Record<string, number> = {
  kinetic: 1,
  arc: 2,
  solar: 3,
  void: 4,
  stasis: 6,
  strand: 7
};
const TIERS: Record<string, number> = { exotic: 6, legendary: 5, rare: 4, uncommon: 3, common: 2 };
/**
 * Weapon types by DIM's words (`is:handcannon`), as Bungie's DestinyItemSubType numbers them.
 * Fusion and linear fusion rifles are apart, as in the game; `smg` is DIM's older word.
 */
const WEAPON_TYPES: Record<string, number> = {
  autorifle: 6,
  shotgun: 7,
  machinegun: 8,
  handcannon: 9,
  rocketlauncher: 10,
  fusionrifle: 11,
  sniperrifle: 12,
  pulserifle: 13,
  scoutrifle: 14,
  sidearm: 17,
  sword: 18,
  linearfusionrifle: 22,
  grenadelauncher: 23,
  submachine: 24,
  smg: 24,
  tracerifle: 25,
  bow: 31,
  glaive: 33
};

type Make = (context: FilterContext) => ItemPredicate;

/** Every `is:` word: what it keeps. Element words win over slot words (`is:kinetic`: damage). */
const IS: Record<string, Make> = {
  weapon: (c) => (i) => c.definition(i.hash)?.type === WEAPON,
  armor: (c) => (i) => c.definition(i.hash)?.type === ARMOR,
  ...Object.fromEntries(
    Object.entries(TIERS).map(([word, tier]) => [
      word,
      (c: FilterContext) => (i: InventoryItem) => c.definition(i.hash)?.tier === tier
    ])
  ),
  locked: () => (i) => i.locked,
  unlocked: () => (i) => i.instanced && !i.locked,
  equipped: () => (i) => i.equipped,
  masterwork: () => (i) => i.masterwork,
  masterworked: () => (i) => i.masterwork,
  crafted: () => (i) => i.crafted === true,
  invault: () => (i) => i.owner === 'vault',
  postmaster: () => (i) => i.locationBucketHash === BucketHashes.LostItems,
  ...Object.fromEntries(
    Object.entries(SLOTS).map(([word, bucket]) => [
      word,
      () => (i: InventoryItem) => i.bucketHash === bucket
    ])
  ),
  ...Object.fromEntries(
    Object.entries(WEAPON_TYPES).map(([word, subType]) => [
      word,
      (c: FilterContext) => (i: InventoryItem) => {
        const definition = c.definition(i.hash);
        return definition?.type === WEAPON && definition.subType === subType;
      }
    ])
  ),
  ...Object.fromEntries(
    Object.entries(ELEMENTS).map(([word, damage]) => [
      word,
      (c: FilterContext) => (i: InventoryItem) => c.definition(i.hash)?.damageType === damage
    ])
  ),
  ...Object.fromEntries(
    Object.entries(CLASSES).map(([word, classType]) => [
      word,
      (c: FilterContext) => (i: InventoryItem) => c.definition(i.hash)?.classType === classType
    ])
  ),
  tagged: (c) => (i) => c.annotation?.(i)?.tag !== undefined,
  hasnotes: (c) => (i) => Boolean(c.annotation?.(i)?.notes),
  inloadout: (c) => (i) => (c.loadoutsOf?.(i).length ?? 0) > 0,
  wishlist: (c) => (i) => c.roll?.(i.id) === 'wish',
  trashlist: (c) => (i) => c.roll?.(i.id) === 'trash',
  dupe: (c) => {
    // The same weapon or armor piece more than once, wherever each copy is.
    const counts = new Map<number, number>();
    for (const item of c.items) {
      const type = c.definition(item.hash)?.type;
      if (item.instanced && (type === WEAPON || type === ARMOR))
        counts.set(item.hash, (counts.get(item.hash) ?? 0) + 1);
    }
    return (i) => (counts.get(i.hash) ?? 0) > 1;
  }
};

/**
 * Armor stats by their names before 2025 (Edge of Fate renamed them, keeping the hashes): a DIM
 * player's `stat:mobility:>20` still means the first armor stat.
 */
const OLD_STAT_NAMES: Record<string, number> = {
  mobility: 2996146975,
  resilience: 392767087,
  recovery: 1943323491,
  discipline: 1735777505,
  intellect: 144602215,
  strength: 4244567218
};

/** Every plug of a sheet: plugged, and selectable in its socket. */
const plugsOf = (sheet: ItemSheet | undefined): PlugView[] =>
  (sheet?.groups ?? []).flatMap((g) =>
    g.sockets.flatMap((s) => (s.plugged ? [s.plugged, ...s.options] : s.options))
  );

/** A stat's name as typed in a query: folded, without spaces ("Reload Speed" → reloadspeed). */
const statWord = (name: string) => fold(name).replace(/[^a-z0-9]/g, '');

function statFilter(raw: string, context: FilterContext, word: string): ItemPredicate {
  const at = raw.lastIndexOf(':');
  const name = statWord(raw.slice(0, Math.max(0, at)));
  const test = at > 0 ? parseRange(raw.slice(at + 1)) : undefined;
  if (!name || !test)
    throw new FilterError(
      'stat: takes a stat and a number: stat:range:>=60, stat:recovery:>20, stat:total:>=65.',
      word
    );
  const oldHash = OLD_STAT_NAMES[name];
  return (i) => {
    const sheet = context.sheetOf?.(i);
    if (!sheet) return false;
    if (name === 'total') return sheet.total !== undefined && test(sheet.total.value);
    const stat = sheet.stats.find((s) => s.statHash === oldHash || statWord(s.name) === name);
    return stat !== undefined && test(stat.value);
  };
}

/** `<op><n>` with op one of = < <= > >= (a bare number is =). */
function parseRange(value: string): ((n: number) => boolean) | undefined {
  const match = /^(<=|>=|=|<|>)?(\d+)$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[2]);
  switch (match[1] ?? '=') {
    case '<':
      return (x) => x < n;
    case '<=':
      return (x) => x <= n;
    case '>':
      return (x) => x > n;
    case '>=':
      return (x) => x >= n;
    default:
      return (x) => x === n;
  }
}

const KEYWORDS = [
  'is',
  'not',
  'power',
  'light',
  'tier',
  'name',
  'exactname',
  'slot',
  'class',
  'tag',
  'notes',
  'inloadout',
  'perk',
  'perkname',
  'stat'
];

/** The known word nearest to a misspelt one (at most two edits away), for "did you mean". */
function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

class FilterError extends Error {
  readonly word: string;

  constructor(message: string, word: string) {
    super(message);
    this.word = word;
  }
}

function filterOf(keyword: string, raw: string, context: FilterContext): ItemPredicate {
  const value = fold(raw);
  const word = keyword === 'text' ? raw : `${keyword}:${raw}`;
  const refuse = (what: string, known: readonly string[], asked: string) => {
    const guess = nearest(asked, known);
    throw new FilterError(`${what}${guess ? ` Did you mean ${guess}?` : ''}`, word);
  };
  switch (keyword) {
    case 'text':
      // A plain word finds names, and the player's notes (so `#pvp` finds the notes' hashtags).
      return (i) =>
        fold(context.definition(i.hash)?.name || 'classified').includes(value) ||
        fold(context.annotation?.(i)?.notes ?? '').includes(value);
    case 'tag': {
      if (value === 'none') return (i) => context.annotation?.(i)?.tag === undefined;
      if (!(ITEM_TAGS as readonly string[]).includes(value))
        return refuse(
          `"${word}" is not a tag.`,
          [...ITEM_TAGS, 'none'].map((t) => `tag:${t}`),
          word
        );
      return (i) => context.annotation?.(i)?.tag === value;
    }
    case 'notes':
      return (i) => fold(context.annotation?.(i)?.notes ?? '').includes(value);
    case 'perk':
      // A perk plugged or selectable, by its name or what it does.
      return (i) =>
        plugsOf(context.sheetOf?.(i)).some(
          (p) =>
            p.known && (fold(p.name).includes(value) || fold(p.description ?? '').includes(value))
        );
    case 'perkname':
      return (i) =>
        plugsOf(context.sheetOf?.(i)).some((p) => p.known && fold(p.name).includes(value));
    case 'stat':
      return statFilter(raw, context, word);
    case 'inloadout':
      return (i) => (context.loadoutsOf?.(i) ?? []).some((name) => fold(name).includes(value));
    case 'name':
      return (i) => fold(context.definition(i.hash)?.name || 'classified').includes(value);
    case 'exactname':
      return (i) => fold(context.definition(i.hash)?.name || 'classified') === value;
    case 'is':
    case 'not': {
      const make = IS[value];
      if (!make)
        return refuse(
          `"${word}" is not a search word.`,
          Object.keys(IS).map((k) => `is:${k}`),
          `is:${value}`
        );
      const matches = make(context);
      return keyword === 'not' ? (i) => !matches(i) : matches;
    }
    case 'power':
    case 'light':
    case 'tier': {
      const test = parseRange(value);
      if (!test)
        throw new FilterError(
          `${keyword}: takes a number, with = < <= > >= before it (${keyword}:>=1300).`,
          word
        );
      return keyword === 'tier'
        ? (i) => i.gearTier !== undefined && test(i.gearTier)
        : (i) => i.power !== undefined && test(i.power);
    }
    case 'slot': {
      const bucket = SLOTS[value];
      if (bucket === undefined)
        return refuse(
          `"${word}" is not a slot.`,
          Object.keys(SLOTS).map((k) => `slot:${k}`),
          word
        );
      return (i) => i.bucketHash === bucket;
    }
    case 'class': {
      const classType = CLASSES[value];
      if (classType === undefined)
        return refuse(
          `"${word}" is not a class.`,
          Object.keys(CLASSES).map((k) => `class:${k}`),
          word
        );
      return (i) => context.definition(i.hash)?.classType === classType;
    }
    default:
      return refuse(
        `"${keyword}:" is not a search filter.`,
        KEYWORDS.map((k) => `${k}:`),
        `${keyword}:`
      );
  }
}

/** Turns a parsed query into one test per item, or says which word it cannot use and why. */
export function compileQuery(node: QueryNode, context: FilterContext): CompileResult {
  const build = (n: QueryNode): ItemPredicate => {
    switch (n.op) {
      case 'filter':
        return filterOf(n.keyword, n.value, context);
      case 'not': {
        const inner = build(n.operand);
        return (i) => !inner(i);
      }
      case 'and': {
        const parts = n.operands.map(build);
        return (i) => parts.every((p) => p(i));
      }
      case 'or': {
        const parts = n.operands.map(build);
        return (i) => parts.some((p) => p(i));
      }
    }
  };
  try {
    return { ok: true, matches: build(node) };
  } catch (error) {
    if (error instanceof FilterError)
      return { ok: false, error: { message: error.message, word: error.word } };
    throw error;
  }
}

/**
 * Every word the filters understand, complete (`is:weapon`, `tag:junk`) or waiting for a value
 * (`power:`), for the search box's suggestions.
 */
export const SEARCH_WORDS: readonly string[] = [
  ...Object.keys(IS).map((word) => `is:${word}`),
  ...Object.keys(SLOTS).map((word) => `slot:${word}`),
  ...Object.keys(CLASSES).map((word) => `class:${word}`),
  ...[...ITEM_TAGS, 'none'].map((tag) => `tag:${tag}`),
  ...['power:', 'light:', 'tier:', 'name:', 'exactname:', 'notes:', 'inloadout:'],
  ...['perk:', 'perkname:', 'stat:']
];
