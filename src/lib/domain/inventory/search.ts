import { BucketHashes } from '../../bungie/hashes.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import type { InventoryItem } from './model.ts';

type Predicate = (item: InventoryItem, definition: SlimItem | undefined) => boolean;

const SLOTS: Record<string, number> = {
  kinetic: BucketHashes.KineticWeapons,
  energy: BucketHashes.EnergyWeapons,
  power: BucketHashes.PowerWeapons,
  helmet: BucketHashes.Helmet,
  gauntlets: BucketHashes.Gauntlets,
  chest: BucketHashes.ChestArmor,
  leg: BucketHashes.LegArmor,
  legs: BucketHashes.LegArmor,
  class: BucketHashes.ClassArmor,
  classitem: BucketHashes.ClassArmor,
  ghost: BucketHashes.Ghost
};
const CLASSES: Record<string, number> = { titan: 0, hunter: 1, warlock: 2 };

const IS: Record<string, Predicate> = {
  weapon: (_i, d) => d?.type === 3,
  armor: (_i, d) => d?.type === 2,
  exotic: (_i, d) => d?.tier === 6,
  legendary: (_i, d) => d?.tier === 5,
  locked: (i) => i.locked,
  unlocked: (i) => !i.locked,
  equipped: (i) => i.equipped,
  masterwork: (i) => i.masterwork,
  invault: (i) => i.owner === 'vault',
  postmaster: (i) => i.locationBucketHash === BucketHashes.LostItems
};

/** Folds case and accents, so "xur" finds "Xûr" and "Bad Juju" finds "bad juju". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

export interface ParsedQuery {
  predicates: Predicate[];
  /** Terms the query language does not know: shown to the player rather than silently ignored. */
  unknown: string[];
}

/**
 * Parses a search: free words match the name; `is:weapon|armor|exotic|legendary|locked|unlocked|
 * equipped|masterwork|invault|postmaster`, `slot:kinetic|energy|power|helmet|gauntlets|chest|leg|
 * class|ghost` (also `is:<slot>`), `class:titan|hunter|warlock`, and `-` before a term negates it.
 */
export function parseQuery(text: string): ParsedQuery {
  const predicates: Predicate[] = [];
  const unknown: string[] = [];
  for (const raw of text.trim().split(/\s+/).filter(Boolean)) {
    const negate = raw.startsWith('-') && raw.length > 1;
    const term = fold(negate ? raw.slice(1) : raw);
    let predicate: Predicate | undefined;
    const [key, value] = term.includes(':') ? (term.split(':', 2) as [string, string]) : ['', term];
    if (key === 'is')
      predicate = IS[value] ?? (SLOTS[value] ? (i) => i.bucketHash === SLOTS[value] : undefined);
    else if (key === 'slot')
      predicate = SLOTS[value] !== undefined ? (i) => i.bucketHash === SLOTS[value] : undefined;
    else if (key === 'class')
      predicate =
        CLASSES[value] !== undefined ? (_i, d) => d?.classType === CLASSES[value] : undefined;
    else if (key === '') predicate = (_i, d) => fold(d?.name || 'classified').includes(value);
    if (!predicate) {
      unknown.push(raw);
      continue;
    }
    const p = predicate;
    predicates.push(negate ? (i, d) => !p(i, d) : p);
  }
  return { predicates, unknown };
}

/** The items matching every term, in the order given. */
export function searchItems(
  items: readonly InventoryItem[],
  definitions: ReadonlyMap<number, SlimItem>,
  query: ParsedQuery
): InventoryItem[] {
  if (query.predicates.length === 0) return [];
  return items.filter((item) => {
    const definition = definitions.get(item.hash);
    return query.predicates.every((p) => p(item, definition));
  });
}
