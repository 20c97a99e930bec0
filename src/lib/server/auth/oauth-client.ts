import * as v from 'valibot';
import { BungieError } from '../../bungie/client/bungie-error';
import type { Fetch } from '../../bungie/client/http';
import type { BungieTokens } from './session-store';

export interface OAuthClientConfig {
  fetch: Fetch;
  /** Bungie's authorize page, e.g. https://www.bungie.net/en/OAuth/Authorize */
  authUrl: string;
  /** Bungie.net's origin; the token endpoint is under it. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Bungie refused a grant: the code or refresh token is bad, used, expired or revoked. */
export class OAuthGrantError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`Bungie.net refused the sign-in (${reason})`);
    this.name = 'OAuthGrantError';
    this.reason = reason;
  }
}

const tokenResponse = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  expires_in: v.pipe(v.number(), v.minValue(1)),
  refresh_token: v.pipe(v.string(), v.minLength(1)),
  refresh_expires_in: v.pipe(v.number(), v.minValue(1)),
  membership_id: v.pipe(v.string(), v.regex(/^\d+$/))
});

export interface TokenGrant {
  tokens: BungieTokens;
  bungieNetId: string;
}

export function authorizeUrl(config: OAuthClientConfig, state: string): string {
  const url = new URL(config.authUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', state);
  return url.toString();
}

/** The token endpoint, as a confidential client: the secret goes in Basic auth and never leaves the Worker. */
async function grant(
  config: OAuthClientConfig,
  params: Record<string, string>
): Promise<TokenGrant> {
  const requestedAt = Date.now();
  let response: Response;
  try {
    response = await config.fetch(
      new Request(`${config.baseUrl}/Platform/App/OAuth/token/`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${btoa(`${config.clientId}:${config.clientSecret}`)}`,
          'content-type': 'application/x-www-form-urlencoded'
        },
        body: new URLSearchParams(params)
      })
    );
  } catch (cause) {
    throw BungieError.unreachable(cause);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw BungieError.unreadable(response.status, text);
  }
  if (response.status === 400 && typeof body === 'object' && body && 'error' in body) {
    const { error, error_description } = body as { error: string; error_description?: string };
    if (error === 'invalid_grant') throw new OAuthGrantError(error_description ?? error);
  }
  const parsed = v.safeParse(tokenResponse, body);
  if (!response.ok || !parsed.success) throw BungieError.unreadable(response.status, text);
  const t = parsed.output;
  return {
    bungieNetId: t.membership_id,
    tokens: {
      accessToken: t.access_token,
      accessExpiresAt: requestedAt + t.expires_in * 1000,
      refreshToken: t.refresh_token,
      refreshExpiresAt: requestedAt + t.refresh_expires_in * 1000
    }
  };
}

export const exchangeCode = (config: OAuthClientConfig, code: string) =>
  grant(config, { grant_type: 'authorization_code', code });
export const refreshGrant = (config: OAuthClientConfig, refreshToken: string) =>
  grant(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
