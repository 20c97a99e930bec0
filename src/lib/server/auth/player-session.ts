import type { HttpClient } from 'bungie-api-ts/http';
import {
  readUnparsed,
  type AccessTokenSource,
  type BungieClientOptions
} from '../../bungie/client/http';
import { ACTION_CALL_TIMEOUT_MS } from '../../domain/outbox/queue-rules';
import type { SessionRecord, StoredSession } from './session-store';
import { freshSession, refreshSession, type RefreshDeps } from './token-refresh';

/** The signed-in player of one request: their session, kept fresh, and a Bungie client acting for them. */
export interface PlayerSession {
  readonly key: string;
  record(): SessionRecord;
  /**
   * A Bungie client acting for the player. For item actions (`'action'`): a shorter wait for
   * Bungie, and a throttled action is never sent again here but answered 429 with Retry-After, so
   * a device that lost the answer knows how long the action can still land (queue-rules).
   */
  bungie(use?: 'action'): HttpClient;
  /**
   * The same client, its answers left unparsed (`UnparsedAnswer`): for a reader that can tell from
   * the text alone that nothing changed, and then skips parsing Bungie's answer at all.
   */
  bungieUnparsed(): HttpClient;
  update(patch: Partial<Pick<SessionRecord, 'membership' | 'displayName'>>): Promise<void>;
}

export function createPlayerSession(
  stored: StoredSession,
  deps: RefreshDeps & {
    bungieClient(
      quotaKey: string,
      options: { tokens: AccessTokenSource } & Pick<
        BungieClientOptions,
        'timeoutMs' | 'throttle' | 'read'
      >
    ): HttpClient;
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
    bungie: (use) =>
      deps.bungieClient(stored.key, {
        tokens,
        ...(use === 'action' && {
          timeoutMs: ACTION_CALL_TIMEOUT_MS,
          throttle: { retries: 0, maxWaitSeconds: 0 }
        })
      }),
    bungieUnparsed: () => deps.bungieClient(stored.key, { tokens, read: readUnparsed }),
    async update(patch) {
      current = { key: current.key, record: { ...current.record, ...patch } };
      await deps.store.write(current);
    }
  };
}
