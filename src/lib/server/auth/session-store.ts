import type { KVNamespace } from '@cloudflare/workers-types/index.ts';
import { kvTtl, sessionKey } from './kv-keys';
import { importSealingKey, openJson, randomToken, sealJson, sha256Hex } from './crypto';

/** Bungie's tokens for one signed-in player. Times are epoch milliseconds. */
export interface BungieTokens {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

export interface SessionRecord {
  tokens: BungieTokens;
  bungieNetId: string;
  displayName: string;
  /** The Destiny membership the app shows; the player may switch to another of theirs. */
  membership: { membershipType: number; membershipId: string };
  createdAt: number;
}

/** A session as read from KV, with what is needed to write it back. */
export interface StoredSession {
  key: string;
  record: SessionRecord;
}

/** KV-backed sessions: an opaque id in the cookie, a sealed record under the id's hash. */
export function createSessionStore(kv: KVNamespace, encryptionKey: string | undefined) {
  const sealingKey = () => importSealingKey(encryptionKey);
  const ttlOf = (record: SessionRecord) =>
    kvTtl((record.tokens.refreshExpiresAt - Date.now()) / 1000);

  return {
    /** Creates a session and returns the id for the cookie. */
    async create(record: SessionRecord): Promise<{ id: string; key: string }> {
      const id = randomToken(32);
      const key = sessionKey(await sha256Hex(id));
      await kv.put(key, await sealJson(await sealingKey(), record, key), {
        expirationTtl: ttlOf(record)
      });
      return { id, key };
    },

    async read(id: string | undefined): Promise<StoredSession | undefined> {
      if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const key = sessionKey(await sha256Hex(id));
      return this.readKey(key);
    },

    async readKey(key: string): Promise<StoredSession | undefined> {
      const sealed = await kv.get(key);
      if (!sealed) return undefined;
      const record = await openJson<SessionRecord>(await sealingKey(), sealed, key);
      return record ? { key, record } : undefined;
    },

    async write(session: StoredSession): Promise<void> {
      await kv.put(session.key, await sealJson(await sealingKey(), session.record, session.key), {
        expirationTtl: ttlOf(session.record)
      });
    },

    async remove(key: string): Promise<void> {
      await kv.delete(key);
    }
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
