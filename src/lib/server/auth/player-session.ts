import type { HttpClient } from 'bungie-api-ts/http';
import { createBungieClient, type BungieClientOptions } from '../bungie/http';
import type { RateLimit } from '../bungie/session-quota';
import type { SessionRecord, StoredSession } from './session-store';
import { freshSession, refreshSession, type RefreshDeps } from './token-refresh';

/** The signed-in player of one request: their session, kept fresh, and a Bungie client acting for them. */
export interface PlayerSession {
  readonly key: string;
  record(): SessionRecord;
  bungie(): HttpClient;
  update(patch: Partial<Pick<SessionRecord, 'membership' | 'displayName'>>): Promise<void>;
}

export function createPlayerSession(stored: StoredSession, deps: RefreshDeps & { bungie: BungieClientOptions; quota?: RateLimit }): PlayerSession {
  let current = stored;
  const tokens = {
    async current() {
      current = await freshSession(current, deps);
      return current.record.tokens.accessToken;
    },
    async renew() {
      current = await refreshSession(current, deps);
      return current.record.tokens.accessToken;
    }
  };
  return {
    key: stored.key,
    record: () => current.record,
    bungie: () => createBungieClient({ ...deps.bungie, tokens, quota: { limiter: deps.quota, key: stored.key } }),
    async update(patch) {
      current = { key: current.key, record: { ...current.record, ...patch } };
      await deps.store.write(current);
    }
  };
}
