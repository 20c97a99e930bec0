import type { ItemDetails } from '$lib/domain/inventory/item-details';
import { MINTED_AT_HEADER, PLACEMENT_PATH, type ProfileResponse } from '$lib/shared/api-shapes';
import { callApi, requestApi } from './api';
import { profileStampKey, type ProfileRecord, type VaultDatabase } from './db/database';

/**
 * What the device knows of the profile it holds, kept apart from it: Bungie's mint time, when the
 * device last heard it, a digest of its content, and the edge's tag for exactly that content. A
 * refresh that brings nothing new writes only this, not the whole profile with its definitions (on
 * a phone, a long task to read and to write).
 */
interface ProfileStamp {
  mintedAt: string;
  savedAt: number;
  digest: string | null;
  /** The edge's ETag when the profile is its answer unchanged; null when the device changed it (moves applied). */
  etag?: string | null;
}

/** The newest profile this device holds for the membership it last showed, if any. */
export async function readLocalProfile(db: VaultDatabase): Promise<ProfileRecord | undefined> {
  const last = (await db.meta.get('lastMembership'))?.value as string | undefined;
  if (!last) return undefined;
  const [record, stamp] = await Promise.all([db.profiles.get(last), readStamp(db, last)]);
  return record && withStamp(record, stamp);
}

/**
 * Stores a fresh profile unless the device already holds a newer one (Bungie's mint time decides: a
 * slow response must not overwrite what a faster, later one brought). Returns what is now stored,
 * and whether its content changed.
 */
export async function storeProfile(
  db: VaultDatabase,
  profile: ProfileResponse,
  options: {
    definitions?: ProfileRecord['definitions'];
    etag?: string | null;
    now?: () => number;
  } = {}
): Promise<{ record: ProfileRecord; replaced: boolean }> {
  const now = options.now ?? Date.now;
  const digest = await contentDigest(profile, options.definitions, options.etag);
  // The details go to their own table: the vault's paint reads the profile, and need not read them.
  const { itemDetails, ...snapshot } = profile;
  return db.transaction('rw', db.profiles, db.meta, db.itemDetails, async () => {
    const { membershipId } = profile;
    const stamp = await readHeldStamp(db, membershipId);
    // A database written before stamps existed: the profile itself says when it was minted.
    const current = stamp ? undefined : await db.profiles.get(membershipId);
    const heldMintedAt = stamp?.mintedAt ?? current?.profile.mintedAt;
    if (heldMintedAt && Date.parse(heldMintedAt) > Date.parse(profile.mintedAt)) {
      const held = current ?? (await db.profiles.get(membershipId));
      if (held) return { record: withStamp(held, stamp), replaced: false };
    }
    const record: ProfileRecord = {
      membershipId,
      profile: snapshot,
      savedAt: now(),
      ...(options.definitions ? { definitions: options.definitions } : {})
    };
    const unchanged = digest !== null && stamp?.digest === digest;
    if (!unchanged) {
      await db.profiles.put(record);
      // A profile without details (a placement read, or one from before details came along)
      // leaves the held ones: they are the best known.
      if (itemDetails) await db.itemDetails.put({ membershipId, details: itemDetails });
    }
    await db.meta.bulkPut([
      {
        key: profileStampKey(membershipId),
        value: {
          mintedAt: profile.mintedAt,
          savedAt: record.savedAt,
          digest,
          etag: options.etag ?? null
        } satisfies ProfileStamp
      },
      { key: 'lastMembership', value: membershipId }
    ]);
    return { record: { ...record, digest, etag: options.etag ?? null }, replaced: !unchanged };
  });
}

/**
 * Records that the edge answered "unchanged" for the profile the device holds under `etag`: only
 * the stamp is written (Bungie's newer mint time, when it was heard). Answers the new `savedAt`, or
 * undefined when the stored profile is no longer the one tagged (another tab or a move stored
 * another since): the caller then stores what it shows in full.
 */
export async function noteUnchanged(
  db: VaultDatabase,
  membershipId: string,
  etag: string,
  mintedAt: string,
  now: () => number = Date.now
): Promise<number | undefined> {
  return db.transaction('rw', db.meta, db.profiles, async () => {
    const stamp = await readHeldStamp(db, membershipId);
    if (!stamp || stamp.etag !== etag) return undefined;
    // An older answer that arrives late says nothing newer than what is held.
    if (Date.parse(stamp.mintedAt) > Date.parse(mintedAt)) return stamp.savedAt;
    const savedAt = now();
    await db.meta.put({
      key: profileStampKey(membershipId),
      value: { ...stamp, mintedAt, savedAt } satisfies ProfileStamp
    });
    return savedAt;
  });
}

/** The item details (sockets, plug objectives) the device holds for an account, by instance id. */
export async function readItemDetails(
  db: VaultDatabase,
  membershipId: string
): Promise<ItemDetails> {
  return (await db.itemDetails.get(membershipId))?.details ?? {};
}

/** The profile as the edge has it now, in full. */
export async function fetchProfile(): Promise<ProfileResponse> {
  return callApi<ProfileResponse>('/api/profile');
}

/**
 * Where every item is now, as the edge has it, without the item details: the move runner reads it
 * before it plans, and whenever a step's outcome is unknown. Stored, it leaves the details the
 * device holds as they are (a move changes none); the full refresh after the moves comes next.
 */
export async function fetchPlacement(): Promise<ProfileResponse> {
  return callApi<ProfileResponse>(PLACEMENT_PATH);
}

export type ProfileAnswer =
  { profile: ProfileResponse; etag: string | null } | { unchanged: true; mintedAt: string };

/**
 * The profile, unless it is still the one the device holds under `heldEtag`: then a `304` of a few
 * header bytes says so, and nothing is parsed.
 */
export async function fetchProfileIfChanged(
  heldEtag: string | null | undefined
): Promise<ProfileAnswer> {
  const response = await requestApi(
    '/api/profile',
    heldEtag ? { headers: { 'If-None-Match': heldEtag } } : {}
  );
  const mintedAt = response.headers.get(MINTED_AT_HEADER);
  if (response.status === 304) {
    // Read to its (empty) end, so the browser finishes the request rather than abandoning it.
    await response.arrayBuffer();
    // A 304 without its mint time (a proxy's, say) cannot be ordered: ask in full.
    return mintedAt ? { unchanged: true, mintedAt } : { profile: await fetchProfile(), etag: null };
  }
  return {
    profile: (await response.json()) as ProfileResponse,
    etag: response.headers.get('ETag')
  };
}

async function readStamp(
  db: VaultDatabase,
  membershipId: string
): Promise<ProfileStamp | undefined> {
  return (await db.meta.get(profileStampKey(membershipId)))?.value as ProfileStamp | undefined;
}

/**
 * The stamp of a profile the device still holds: a stamp whose row is gone (cleared to free space)
 * says nothing held is unchanged. Counted by key, so the profile itself is not read.
 */
async function readHeldStamp(
  db: VaultDatabase,
  membershipId: string
): Promise<ProfileStamp | undefined> {
  const [stamp, held] = await Promise.all([
    readStamp(db, membershipId),
    db.profiles.where('membershipId').equals(membershipId).count()
  ]);
  return held ? stamp : undefined;
}

function withStamp(record: ProfileRecord, stamp: ProfileStamp | undefined): ProfileRecord {
  if (!stamp) return record;
  return {
    ...record,
    savedAt: stamp.savedAt,
    digest: stamp.digest,
    etag: stamp.etag ?? null,
    profile: { ...record.profile, mintedAt: stamp.mintedAt }
  };
}

/**
 * SHA-256 naming the profile's content apart from its mint time, with its definitions: equal only
 * when both are. The edge's tag already names a profile it sent, as sent, so with a tag only the tag
 * and the definitions are hashed: turning the whole profile into JSON and hashing it again took a
 * phone (4x CPU) about 70 ms each time a changed profile was stored, twice on a first visit, where
 * the definitions alone take 3 ms. A profile the device changed has no tag, and is hashed whole; the
 * two kinds never name each other. Null where Web Crypto is missing (plain http).
 */
async function contentDigest(
  profile: ProfileResponse,
  definitions: ProfileRecord['definitions'],
  etag: string | null | undefined
): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const named = etag
    ? // A proxy that compresses may weaken the tag: the same content, the same name.
      ['tag', etag.replace(/^W\//, ''), definitions ?? null]
    : ['content', { ...profile, mintedAt: null }, definitions ?? null];
  const bytes = new TextEncoder().encode(JSON.stringify(named));
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}
