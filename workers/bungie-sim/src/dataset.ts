import type { SimAccount } from './account.ts';
import type { RuleBook } from './game-rules.ts';

/** Everything one simulated world is made of: definitions, rules and a fresh account on demand. */
export interface Dataset extends RuleBook {
  name: 'real' | 'generated';
  /** Bungie's manifest `version` before any bump. */
  baseVersion: string;
  /** Small definition tables served whole, by component name (DestinyInventoryBucketDefinition, …). */
  smallTables: Record<string, unknown>;
  /** Item hashes Xûr sells while he is here. */
  xurStock: number[];
  createAccount(): SimAccount;
  /**
   * Streams `DestinyInventoryItemDefinition` of manifest revision `revision` (0 = as loaded) to
   * `file`. Each bump renames a few items, so a new revision really differs.
   */
  writeItemTable(file: string, revision: number, changedItems?: number): Promise<{ count: number; bytes: number }>;
}

/** The items a revision renames: a handful, spread over the table, different for each revision. */
export const DEFAULT_CHANGED_ITEMS = 12;

export function changedByRevision<T>(candidates: readonly T[], revision: number, count = DEFAULT_CHANGED_ITEMS): T[] {
  if (revision === 0 || candidates.length === 0) return [];
  const picked = new Set<T>();
  for (let k = 0; picked.size < Math.min(count, candidates.length); k++) {
    picked.add(candidates[(revision * 7919 + k * 104729) % candidates.length]!);
  }
  return [...picked];
}

export function revisedName(name: string, revision: number): string {
  return `${name} (Revision ${revision})`;
}
