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
export async function storeProfile(db: VaultDatabase, profile: ProfileResponse, options: { definitions?: ProfileRecord['definitions']; now?: () => number } = {}): Promise<{ record: ProfileRecord; replaced: boolean }> {
  const now = options.now ?? Date.now;
  return db.transaction('rw', db.profiles, db.meta, async () => {
    const current = await db.profiles.get(profile.membershipId);
    if (current && Date.parse(current.profile.mintedAt) > Date.parse(profile.mintedAt)) return { record: current, replaced: false };
    const record: ProfileRecord = { membershipId: profile.membershipId, profile, savedAt: now(), ...(options.definitions ? { definitions: options.definitions } : {}) };
    await db.profiles.put(record);
    await db.meta.put({ key: 'lastMembership', value: profile.membershipId });
    return { record, replaced: true };
  });
}

export async function fetchProfile(): Promise<ProfileResponse> {
  return callApi<ProfileResponse>('/api/profile');
}
