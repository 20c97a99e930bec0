import { randomBytes } from 'node:crypto';

/**
 * Bungie's OAuth 2.0 server for one confidential client: authorization codes, access and refresh
 * tokens, with lifetimes that tests can shrink to seconds. Times are epoch milliseconds.
 */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** Bungie codes are short-lived; this is the simulator's choice. */
  codeSeconds: number;
}

interface Grant {
  bungieNetId: string;
  expiresAt: number;
}

export type TokenResult =
  | { ok: true; body: TokenResponse }
  | { ok: false; status: 400 | 401; error: string; description: string };

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  membership_id: string;
}

export type BearerCheck = { ok: true; bungieNetId: string } | { ok: false; code: 99 | 2111 };

const token = () => randomBytes(24).toString('base64url');

export class OAuthServer {
  config: OAuthConfig;
  private codes = new Map<string, Grant & { used: boolean }>();
  private accessTokens = new Map<string, Grant>();
  private refreshTokens = new Map<string, Grant>();
  /** Token endpoint calls by grant type, so tests can see that refreshes are not repeated. */
  readonly grants = { authorization_code: 0, refresh_token: 0 };

  private now: () => number;

  constructor(config: OAuthConfig, now: () => number) {
    this.config = config;
    this.now = now;
  }

  issueCode(bungieNetId: string): string {
    const code = token();
    this.codes.set(code, {
      bungieNetId,
      expiresAt: this.now() + this.config.codeSeconds * 1000,
      used: false
    });
    return code;
  }

  checkClient(clientId: string | undefined, clientSecret: string | undefined): boolean {
    return clientId === this.config.clientId && clientSecret === this.config.clientSecret;
  }

  exchange(
    grantType: string | undefined,
    params: { code?: string; refreshToken?: string }
  ): TokenResult {
    if (grantType === 'authorization_code') {
      this.grants.authorization_code++;
      const grant = params.code ? this.codes.get(params.code) : undefined;
      if (!grant || grant.used) return invalidGrant('AuthorizationCodeInvalid');
      grant.used = true;
      if (grant.expiresAt <= this.now()) return invalidGrant('AuthorizationCodeStale');
      return { ok: true, body: this.issueTokens(grant.bungieNetId) };
    }
    if (grantType === 'refresh_token') {
      this.grants.refresh_token++;
      const grant = params.refreshToken ? this.refreshTokens.get(params.refreshToken) : undefined;
      if (!grant) return invalidGrant('ProvidedTokenNotValidRefreshToken');
      // Refresh tokens rotate: the old one is spent whatever happens next.
      this.refreshTokens.delete(params.refreshToken!);
      if (grant.expiresAt <= this.now()) return invalidGrant('RefreshTokenExpired');
      return { ok: true, body: this.issueTokens(grant.bungieNetId) };
    }
    return {
      ok: false,
      status: 400,
      error: 'unsupported_grant_type',
      description: 'UnsupportedGrantType'
    };
  }

  private issueTokens(bungieNetId: string): TokenResponse {
    const access = token();
    const refresh = token();
    const now = this.now();
    this.accessTokens.set(access, {
      bungieNetId,
      expiresAt: now + this.config.accessTokenSeconds * 1000
    });
    this.refreshTokens.set(refresh, {
      bungieNetId,
      expiresAt: now + this.config.refreshTokenSeconds * 1000
    });
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: this.config.accessTokenSeconds,
      refresh_token: refresh,
      refresh_expires_in: this.config.refreshTokenSeconds,
      membership_id: bungieNetId
    };
  }

  checkBearer(authorization: string | undefined): BearerCheck {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    const grant = match ? this.accessTokens.get(match[1]!) : undefined;
    if (!grant) return { ok: false, code: 99 };
    if (grant.expiresAt <= this.now()) return { ok: false, code: 2111 };
    return { ok: true, bungieNetId: grant.bungieNetId };
  }

  /** Ends every access token early (refresh tokens stay good), as Bungie sometimes does. */
  expireAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = 0;
  }

  /** Signs every session out, as a player revoking the app on bungie.net would. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  stats() {
    return {
      grants: { ...this.grants },
      accessTokens: this.accessTokens.size,
      refreshTokens: this.refreshTokens.size
    };
  }
}

function invalidGrant(description: string): TokenResult {
  return { ok: false, status: 400, error: 'invalid_grant', description };
}
