import type { SlimItem } from '$lib/domain/shards/slim-item';
import {
  MAX_DEFINITION_HASHES,
  type DefinitionsResponse,
  type ProfileResponse
} from '$lib/shared/api-shapes';
import { postApi } from './api';
import { PAGE_TABLES, type TableBodies } from './device-tables';
import type { ShardSource } from './shard-sync';

/*
 * What a first visit paints the vault from, before the device holds any shard: the small tables
 * the pages read (a few KB, from the published index) and the slim definitions of the player's own
 * items, answered by the edge. Both are the published records the shards hold, so the vault shows
 * the same whether painted from these or from the shards that follow in the background.
 */

/** The bodies of the tables the pages read, as published now. */
export async function fetchPageTables(source: ShardSource): Promise<TableBodies> {
  const read = await source.index(null);
  if (!read) throw new Error('The shard index answered 304 to a request without a tag');
  const keyOf = (name: string) => read.index.tables.find((t) => t.name === name)?.key;
  const bodies = await Promise.all(
    PAGE_TABLES.map((name) => {
      const key = keyOf(name);
      return key ? source.shard(key) : undefined;
    })
  );
  return Object.fromEntries(PAGE_TABLES.map((name, i) => [name, bodies[i]]));
}

/** The published definitions of the profile's items (hashes the edge does not know are absent). */
export async function fetchOwnDefinitions(
  profile: ProfileResponse
): Promise<Map<number, SlimItem>> {
  const hashes = [...new Set(profile.items.map((i) => i.hash))].slice(0, MAX_DEFINITION_HASHES);
  if (!hashes.length) return new Map();
  const answer = await postApi<DefinitionsResponse>('/api/definitions', { hashes });
  return new Map(Object.entries(answer.items).map(([hash, item]) => [Number(hash), item]));
}
