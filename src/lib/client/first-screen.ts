import type { SlimItem } from '$lib/domain/shards/slim-item';
import {
  FIRST_VISIT_PROFILE_PATH,
  type FirstVisitProfileResponse,
  type ProfileResponse
} from '$lib/shared/api-shapes';
import { requestApi } from './api';
import type { TableBodies } from './device-tables';

/*
 * What a first visit paints the vault from, before the device holds any shard: the edge answers
 * the profile together with the small tables the pages read and the slim definitions of the
 * player's own items. Both are the published records the shards hold, so the vault shows the same
 * whether painted from these or from the shards that follow in the background.
 */

export interface FirstVisitProfile {
  profile: ProfileResponse;
  /** The edge's tag for the profile, as a refresh sends it back. */
  etag: string | null;
  /** Absent when the edge had nothing published to answer them from: the shards are waited for. */
  definitions?: Map<number, SlimItem>;
  tables?: TableBodies;
}

/** The profile with what paints it, in one answer. */
export async function fetchFirstVisitProfile(): Promise<FirstVisitProfile> {
  const response = await requestApi(FIRST_VISIT_PROFILE_PATH);
  const { definitions, ...profile } = (await response.json()) as FirstVisitProfileResponse;
  const etag = response.headers.get('ETag');
  if (!definitions) return { profile, etag };
  return {
    profile,
    etag,
    definitions: new Map(Object.entries(definitions.items).map(([hash, item]) => [+hash, item])),
    tables: definitions.tables
  };
}
