import type { HttpClient } from 'bungie-api-ts/http';
import type { AccessTokenSource } from '../../bungie/client/http';
import type { SessionRecord, StoredSession } from './session-store';
import { freshSession, refreshSession, type RefreshDeps } from './token-refresh';

/** The signed-in player of one request: their session, kept fresh, and a Bungie client acting for them. */
export interface PlayerSession {
  readonly key: string;
  record(): SessionRecord;
  bungie(): HttpClient;
  update(patch: Partial<Pick<SessionRecord, 'membership' | 'displayName'>>): Promise<void>;
}

export function createPlayerSession(
  stored: StoredSession,
  deps: RefreshDeps & {
    bungieClient(quotaKey: string, options: { tokens: AccessTokenSource }): HttpClient;
  }
): PlayerSession {
  let current = stored;
  const tokens: AccessTokenSource = {
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
    bungie: () => deps.bungieClient(stored.key, { tokens }),
    async update(patch) {
      current = { key: current.key, record: { ...current.record, ...patch } };
      await deps.store.write(current);
    }
  };
}
