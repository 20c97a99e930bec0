import { ApiError } from '../errors';
import { OAuthGrantError, refreshGrant, type OAuthClientConfig } from './oauth-client';
import type { SessionStore, StoredSession } from './session-store';

/** Refresh an access token this long before it expires, so no Bungie call carries a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

export interface RefreshDeps {
  store: SessionStore;
  oauth: OAuthClientConfig;
}

export const signedOut = () =>
  new ApiError(401, 'signed_out', 'Your Bungie.net sign-in has ended. Sign in again.');

// Refreshes under way in this isolate, by session key: concurrent requests share one.
const inflight = new Map<string, Promise<StoredSession>>();

export function needsRefresh(session: StoredSession, now = Date.now()): boolean {
  return session.record.tokens.accessExpiresAt - now <= REFRESH_MARGIN_MS;
}

/** The session with an access token good for at least a minute, refreshing it if needed. */
export async function freshSession(
  session: StoredSession,
  deps: RefreshDeps
): Promise<StoredSession> {
  return needsRefresh(session) ? refreshSession(session, deps) : session;
}

/** Refreshes now (Bungie said the token is bad), sharing one refresh among concurrent callers. */
export function refreshSession(session: StoredSession, deps: RefreshDeps): Promise<StoredSession> {
  let pending = inflight.get(session.key);
  if (!pending) {
    pending = runRefresh(session, deps).finally(() => inflight.delete(session.key));
    inflight.set(session.key, pending);
  }
  return pending;
}

async function runRefresh(session: StoredSession, deps: RefreshDeps): Promise<StoredSession> {
  const { record } = session;
  if (record.tokens.refreshExpiresAt <= Date.now()) {
    await deps.store.remove(session.key);
    throw signedOut();
  }
  try {
    const granted = await refreshGrant(deps.oauth, record.tokens.refreshToken);
    const next: StoredSession = { key: session.key, record: { ...record, tokens: granted.tokens } };
    await deps.store.write(next);
    return next;
  } catch (error) {
    if (!(error instanceof OAuthGrantError)) throw error;
    // Refresh tokens rotate: if another isolate refreshed first, its tokens are in KV by now.
    const latest = await deps.store.readKey(session.key);
    if (
      latest &&
      latest.record.tokens.refreshToken !== record.tokens.refreshToken &&
      !needsRefresh(latest)
    )
      return latest;
    await deps.store.remove(session.key);
    throw signedOut();
  }
}
