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
  writeItemTable(
    file: string,
    revision: number,
    change?: RevisionChange
  ): Promise<{ count: number; bytes: number }>;
}

/** The items a revision renames: a handful, spread over the table, different for each revision. */
export const DEFAULT_CHANGED_ITEMS = 12;

export function changedByRevision<T>(
  candidates: readonly T[],
  revision: number,
  count = DEFAULT_CHANGED_ITEMS
): T[] {
  if (revision === 0 || candidates.length === 0) return [];
  const picked = new Set<T>();
  for (let k = 0; picked.size < Math.min(count, candidates.length); k++) {
    picked.add(candidates[(revision * 7919 + k * 104729) % candidates.length]!);
  }
  return [...picked];
}

/** What a manifest bump changes: how many items it renames, and whether the new names are hostile. */
export interface RevisionChange {
  count?: number;
  /** Names carrying HTML and script, as a tampered or malicious definitions table would. */
  hostile?: boolean;
}

/** The script in a hostile name sets this global; an app that runs it is caught by the test. */
export const HOSTILE_MARK = '__pwned';

export function revisedName(name: string, revision: number, hostile = false): string {
  if (hostile)
    return `<img src=x onerror="window.${HOSTILE_MARK}=1">${name} <script>window.${HOSTILE_MARK}=2</script>`;
  return `${name} (Revision ${revision})`;
}
