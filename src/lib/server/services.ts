import { createSessionStore } from './auth/session-store';
import type { OAuthClientConfig } from './auth/oauth-client';
import type { BungieClientOptions } from './bungie/http';
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
  const bungie: BungieClientOptions = { fetch, baseUrl: env.BUNGIE_BASE_URL, apiKey: env.BUNGIE_API_KEY };
  return { store: createSessionStore(env.SESSIONS, env.TOKEN_ENCRYPTION_KEY), oauth, bungie, quota: env.BUNGIE_QUOTA };
}

export type Services = ReturnType<typeof servicesFor>;
