import type { ProfileResponse } from '$lib/shared/api-shapes';
import { callApi } from './api';
import type { ProfileRecord, VaultDatabase } from './db/database';

/** The newest profile this device holds for the membership it last showed, if any. */
export async function readLocalProfile(db: VaultDatabase): Promise<ProfileRecord | undefined> {
  const last = (await db.meta.get('lastMembership'))?.value as string | undefined;
  return last ? db.profiles.get(last) : undefined;
}

/**
 * Stores a fresh profile unless the device already holds a newer one (Bungie's mint time decides: a
 * slow response must not overwrite what a faster, later one brought). Returns what is now stored.
 */
export async function storeProfile(db: VaultDatabase, profile: ProfileResponse, now: () => number = Date.now): Promise<{ record: ProfileRecord; replaced: boolean }> {
  return db.transaction('rw', db.profiles, db.meta, async () => {
    const current = await db.profiles.get(profile.membershipId);
    if (current && Date.parse(current.profile.mintedAt) > Date.parse(profile.mintedAt)) return { record: current, replaced: false };
    const record: ProfileRecord = { membershipId: profile.membershipId, profile, savedAt: now() };
    await db.profiles.put(record);
    await db.meta.put({ key: 'lastMembership', value: profile.membershipId });
    return { record, replaced: true };
  });
}

export async function fetchProfile(): Promise<ProfileResponse> {
  return callApi<ProfileResponse>('/api/profile');
}
