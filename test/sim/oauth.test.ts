import { describe, expect, it } from 'vitest';
import { CLIENT_ID, harness } from './harness.ts';

describe("the simulator's Bungie OAuth", () => {
  it('shows an authorize page with an Approve button that redirects with code and state', async () => {
    const h = harness({ redirectUrl: 'http://127.0.0.1:8787/api/auth/callback' });
    const page = await h.call(
      `/en/OAuth/Authorize?client_id=${CLIENT_ID}&response_type=code&state=abc123`,
      { apiKey: null }
    );
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/<button[^>]*>Approve<\/button>/);
    const approve = await h.call('/en/OAuth/Authorize', {
      method: 'POST',
      apiKey: null,
      body: new URLSearchParams({ client_id: CLIENT_ID, state: 'abc123' })
    });
    expect(approve.status).toBe(302);
    const target = new URL(approve.headers.get('location')!);
    expect(target.origin + target.pathname).toBe('http://127.0.0.1:8787/api/auth/callback');
    expect(target.searchParams.get('state')).toBe('abc123');
    expect(target.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
  });

  it('refuses an unknown client on the authorize page', async () => {
    const h = harness();
    const page = await h.call('/en/OAuth/Authorize?client_id=999&response_type=code&state=x', {
      apiKey: null
    });
    expect(page.status).toBe(400);
  });

  it('exchanges a code for tokens with Basic auth or body credentials', async () => {
    const h = harness();
    for (const auth of ['basic', 'body'] as const) {
      const { status, body } = await h.token(
        { grant_type: 'authorization_code', code: await h.authorize() },
        auth
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_expires_in: 7_776_000,
        membership_id: '7094'
      });
      expect(body.access_token).toEqual(expect.any(String));
      expect(body.refresh_token).toEqual(expect.any(String));
    }
  });

  it('refuses bad, reused and expired codes, and bad client credentials', async () => {
    const h = harness();
    expect(await h.token({ grant_type: 'authorization_code', code: 'nope' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'AuthorizationCodeInvalid' }
    });
    const code = await h.authorize();
    expect((await h.token({ grant_type: 'authorization_code', code })).status).toBe(200);
    expect(await h.token({ grant_type: 'authorization_code', code })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'AuthorizationCodeInvalid' }
    });
    const stale = await h.authorize();
    h.advance(301_000);
    expect(await h.token({ grant_type: 'authorization_code', code: stale })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'AuthorizationCodeStale' }
    });
    const response = await h.call('/Platform/App/OAuth/token/', {
      method: 'POST',
      apiKey: null,
      headers: { Authorization: `Basic ${btoa(`${CLIENT_ID}:wrong`)}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: await h.authorize() })
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'ClientAuthenticationFailed'
    });
  });

  it('refreshes with a refresh token, which then is spent', async () => {
    const h = harness();
    const first = await h.signIn();
    const refreshed = await h.token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    expect(
      await h.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'ProvidedTokenNotValidRefreshToken' }
    });
    expect(h.world.oauth.stats().grants).toEqual({ authorization_code: 1, refresh_token: 2 });
  });

  it('expires tokens on configurable lifetimes: access 2111, refresh RefreshTokenExpired', async () => {
    const h = harness({ accessTokenSeconds: 2, refreshTokenSeconds: 5 });
    const tokens = await h.signIn();
    expect(tokens.expires_in).toBe(2);
    const me = () =>
      h.json('/Platform/User/GetMembershipsForCurrentUser/', { token: tokens.access_token });
    expect((await me()).body.ErrorCode).toBe(1);
    h.advance(2_000);
    expect(await me()).toMatchObject({
      status: 401,
      body: { ErrorCode: 2111, ErrorStatus: 'AccessTokenHasExpired' }
    });
    h.advance(3_000);
    expect(
      await h.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'RefreshTokenExpired' }
    });
  });

  it('revoking signs every session out', async () => {
    const h = harness();
    const tokens = await h.signIn();
    await h.call('/__sim/tokens/revoke', { method: 'POST' });
    expect(
      (await h.json('/Platform/User/GetMembershipsForCurrentUser/', { token: tokens.access_token }))
        .body.ErrorCode
    ).toBe(99);
    expect(
      (await h.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status
    ).toBe(400);
  });
});
