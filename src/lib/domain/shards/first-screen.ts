import type { TableName } from './shard-index.ts';
import type { SlimItem } from './slim-item.ts';

/** The small tables the pages read (bucket names and sizes, class names, in-game loadouts' looks). */
export const PAGE_TABLES = [
  'buckets',
  'classes',
  'loadoutIdentifiers'
] as const satisfies readonly TableName[];

/**
 * What a first visit paints the vault with before any shard is on the device: the published
 * definitions of the player's own items (unknown hashes absent) and the bodies of the pages'
 * tables, the records the shards hold, so the vault shows the same painted from these or from them.
 */
export interface FirstScreenDefinitions {
  /** Bungie's manifest version they were published from. */
  version: string;
  items: Record<string, SlimItem>;
  /** The bucket table always; the others where the manifest has them. */
  tables: { buckets: unknown } & Partial<Record<(typeof PAGE_TABLES)[number], unknown>>;
}
