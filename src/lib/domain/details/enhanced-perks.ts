/**
 * Enhanced perks and the base perks they enhance. A wish list names a roll by its base perks; an
 * instance may hold the enhanced version (crafted or enhanced weapons), and a demanding player
 * expects that roll to count. Bungie's definitions say so only by name: an enhanced trait is a plug
 * of tier 3 ("Common") named as the basic perk beside it in the same plug set (or that name with
 * " Enhanced"), the rule DIM's d2-additional-info uses to build the same table.
 */

/** Bungie's `TierType` of an enhanced trait; its base perk is "Basic" (2) in current data. */
export const ENHANCED_TIER = 3;

/**
 * Pairs d2-additional-info keeps by hand, where a name changed after the perks were made
 * (Underdog, now Pulse Monitor) or two plugs share one name: enhanced hash → base hash.
 */
const KNOWN_PAIRS: readonly [number, number][] = [
  [320071920, 205890336],
  [2406549743, 1716000303],
  [3678323611, 4134353779]
];

/**
 * Enhanced perk hash → base perk hash, from the plug sets' contents: within each set, a plug named
 * by `enhancedName` (an enhanced candidate) pairs with a plug that is not one, named the same or
 * with " Enhanced" added to the base's name. The first base found keeps an enhanced perk; a known
 * pair wins over what the names say, where its enhanced perk is in a set.
 */
export function pairEnhancedPerks(
  plugSets: Iterable<readonly number[]>,
  enhancedName: (hash: number) => string | undefined,
  nameOf: (hash: number) => string | undefined
): Map<number, number> {
  const pairs = new Map<number, number>();
  const seen = new Set<number>();
  for (const plugs of plugSets) {
    for (const hash of plugs) seen.add(hash);
    const enhanced = plugs.filter((hash) => enhancedName(hash) !== undefined);
    if (!enhanced.length) continue;
    for (const hash of enhanced) {
      if (pairs.has(hash)) continue;
      const name = enhancedName(hash)!;
      const base = plugs.find((other) => {
        if (other === hash || enhancedName(other) !== undefined) return false;
        const baseName = nameOf(other);
        return baseName !== undefined && (baseName === name || `${baseName} Enhanced` === name);
      });
      if (base !== undefined) pairs.set(hash, base);
    }
  }
  for (const [enhanced, base] of KNOWN_PAIRS) if (seen.has(enhanced)) pairs.set(enhanced, base);
  return pairs;
}

/**
 * Every perk an instance's plugs stand for when a wish list is read: each plug, the base perk of an
 * enhanced one, and the enhanced perk of a base one (a list may name either).
 */
export function perksStoodFor(
  plugs: Iterable<number>,
  baseOf: ReadonlyMap<number, number>,
  enhancedOf: ReadonlyMap<number, number>
): Set<number> {
  const perks = new Set<number>();
  for (const hash of plugs) {
    perks.add(hash);
    const base = baseOf.get(hash);
    if (base !== undefined) perks.add(base);
    const enhanced = enhancedOf.get(hash);
    if (enhanced !== undefined) perks.add(enhanced);
  }
  return perks;
}
