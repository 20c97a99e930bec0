import { createSessionStore } from './auth/session-store';
import type { OAuthClientConfig } from './auth/oauth-client';
import {
  createBungieClient,
  type AccessTokenSource,
  type BungieClientOptions
} from '../bungie/client/http';
import { quotaGate } from './bungie/session-quota';
import type { ApiEnv } from './env';

/** The adapters a request needs, built from the Worker's bindings (nothing global, nothing cached but keys). */
export function servicesFor(env: ApiEnv) {
  const fetch = (request: Request) => globalThis.fetch(request);
  const oauth: OAuthClientConfig = {
    fetch,
    authUrl: env.BUNGIE_AUTH_URL,
    baseUrl: env.BUNGIE_BASE_URL,
    clientId: env.BUNGIE_CLIENT_ID,
    clientSecret: env.BUNGIE_CLIENT_SECRET
  };
  const bungie: BungieClientOptions = {
    fetch,
    baseUrl: env.BUNGIE_BASE_URL,
    apiKey: env.BUNGIE_API_KEY
  };
  /**
   * Every Bungie client of the app counts its calls against the app's quota, under the caller's key
   * (a session, a Bungie account signing in, an address): all players call from the same few
   * Cloudflare addresses, and Bungie's limit is per address.
   */
  const bungieClient = (
    quotaKey: string,
    options: { tokens?: AccessTokenSource } & Pick<
      BungieClientOptions,
      'timeoutMs' | 'throttle' | 'read'
    > = {}
  ) => createBungieClient({ ...bungie, ...options, gate: quotaGate(env.BUNGIE_QUOTA, quotaKey) });
  return { store: createSessionStore(env.SESSIONS, env.TOKEN_ENCRYPTION_KEY), oauth, bungieClient };
}

export type Services = ReturnType<typeof servicesFor>;

/** The quota key of a caller with no session: its address (Cloudflare's `CF-Connecting-IP`). */
export const callerAddressKey = (address: string | undefined) => `ip:${address ?? 'unknown'}`;
