// Over 200 lines: the whole sign-in, refresh and sign-out flow against the simulator, sharing its helpers.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { openJson, importSealingKey, sha256Hex } from '../../src/lib/server/auth/crypto';
import type { SessionRecord } from '../../src/lib/server/auth/session-store';
import {
  api,
  approve,
  bodiesSeen,
  CookieJar,
  sessionKeys,
  signIn,
  sim,
  simOrigin,
  simState,
  sleep,
  startSignIn
} from './helpers';

const SESSION = '__Host-vr_session';
const STATE = 'vr_oauth_state';

async function decryptSession(key: string): Promise<SessionRecord> {
  const raw = (await env.SESSIONS.get(key))!;
  return (await openJson<SessionRecord>(
    await importSealingKey(env.TOKEN_ENCRYPTION_KEY),
    raw,
    key
  ))!;
}

beforeEach(async () => {
  await sim('/__sim/reset', {});
});

describe('sign in with Bungie', () => {
  it('round trip: login → Bungie authorize → callback → session → /api/me', async () => {
    const jar = new CookieJar();
    const { response, location, state } = await startSignIn(jar, '/characters/2305843009260802821');
    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${simOrigin}/en/OAuth/Authorize`);
    expect(location.searchParams.get('client_id')).toBe(env.BUNGIE_CLIENT_ID);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(jar.get(STATE)).toBe(state);
    expect(jar.attributes(STATE)).toMatch(/HttpOnly/i);
    expect(jar.attributes(STATE)).toMatch(/Secure/i);
    expect(jar.attributes(STATE)).toMatch(/SameSite=Lax/i);
    expect(await env.SESSIONS.get(`v1:oauth-state:${state}`)).not.toBeNull();

    const code = await approve(state);
    const callback = await api(`/api/auth/callback?code=${code}&state=${state}`, { jar });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/characters/2305843009260802821');
    expect(await env.SESSIONS.get(`v1:oauth-state:${state}`)).toBeNull();
    expect(jar.get(STATE)).toBeUndefined();

    const cookie = jar.get(SESSION)!;
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attributes = jar.attributes(SESSION)!;
    for (const flag of [/HttpOnly/i, /Secure/i, /SameSite=Lax/i, /Path=\//i])
      expect(attributes).toMatch(flag);
    expect(attributes).not.toMatch(/Domain=/i);

    const me = await api('/api/me', { jar });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      displayName: 'VidBoi',
      bungieNetId: '7094',
      memberships: [
        {
          membershipType: 2,
          membershipId: '4611686018433092312',
          displayName: 'VidBoi-BMC',
          platform: 'PlayStation',
          overridden: false
        }
      ],
      chosen: { membershipType: 2, membershipId: '4611686018433092312' }
    });
  });

  it('redirects to the vault by default and refuses a returnTo off this site', async () => {
    const jar = new CookieJar();
    const { callback } = await signIn(jar);
    expect(callback.headers.get('location')).toBe('/vault');
    for (const returnTo of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'vault'
    ]) {
      const response = await api(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_input'
      );
    }
  });

  it('keeps tokens encrypted in KV under a hash of the cookie, never the cookie itself', async () => {
    const { jar } = await signIn();
    const cookie = jar.get(SESSION)!;
    const keys = await sessionKeys();
    const key = `v1:session:${await sha256Hex(cookie)}`;
    expect(keys).toContain(key);
    expect(keys.some((k) => k.includes(cookie))).toBe(false);
    const raw = (await env.SESSIONS.get(key))!;
    const record = await decryptSession(key);
    expect(record.tokens.accessToken.length).toBeGreaterThan(10);
    expect(raw).not.toContain(record.tokens.accessToken);
    expect(raw).not.toContain(record.tokens.refreshToken);
    expect(raw).not.toContain('7094');
    // Moved to another key, the value no longer opens: the key is bound into the seal.
    expect(
      await openJson(await importSealingKey(env.TOKEN_ENCRYPTION_KEY), raw, 'v1:session:other')
    ).toBeUndefined();
    const { expiration } = (await env.SESSIONS.list({ prefix: key })).keys[0]!;
    expect(expiration! - Date.now() / 1000).toBeGreaterThan(7_776_000 - 120);
  });

  it.each([
    ['missing', (_state: string) => ({ query: '', cookie: true })],
    ['forged', (_state: string) => ({ query: `state=${'A'.repeat(43)}`, cookie: false })],
    ["not this browser's", (state: string) => ({ query: `state=${state}`, cookie: false })],
    [
      'expired (gone from KV)',
      (state: string) => ({ query: `state=${state}`, cookie: true, expire: true })
    ]
  ])('refuses a %s state with 403 and stores nothing', async (_name, make) => {
    const jar = new CookieJar();
    const { state } = await startSignIn(jar);
    const code = await approve(state);
    const { query, cookie, expire } = { expire: false, ...make(state) };
    if (expire) await env.SESSIONS.delete(`v1:oauth-state:${state}`);
    const before = {
      keys: await sessionKeys(),
      grants: (await simState()).oauth.grants.authorization_code
    };
    const response = await api(`/api/auth/callback?code=${code}${query ? `&${query}` : ''}`, {
      jar: cookie ? jar : new CookieJar()
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_state', message: expect.stringContaining('Start the sign-in again') }
    });
    expect(await sessionKeys()).toEqual(before.keys);
    expect((await simState()).oauth.grants.authorization_code).toBe(before.grants);
  });

  it('refuses a reused state', async () => {
    const jar = new CookieJar();
    const { state } = await startSignIn(jar);
    const code = await approve(state);
    const replayJar = new CookieJar();
    replayJar.store(
      new Response(null, { headers: { 'Set-Cookie': `${STATE}=${state}; Path=/api/auth` } })
    );
    expect((await api(`/api/auth/callback?code=${code}&state=${state}`, { jar })).status).toBe(302);
    const keys = await sessionKeys();
    const replay = await api(`/api/auth/callback?code=${code}&state=${state}`, { jar: replayJar });
    expect(replay.status).toBe(403);
    expect(await sessionKeys()).toEqual(keys);
  });

  it('answers a bad code with a clear error and stores nothing', async () => {
    const jar = new CookieJar();
    const { state } = await startSignIn(jar);
    const keys = await sessionKeys();
    const response = await api(`/api/auth/callback?code=not-a-code&state=${state}`, { jar });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'sign_in_failed',
        message:
          'Bungie.net did not accept this sign-in (AuthorizationCodeInvalid). Start the sign-in again.'
      }
    });
    expect(await sessionKeys()).toEqual(keys);
  });

  it("sends a browser's failed sign-in to the app's sign-in page, never a JSON body", async () => {
    const navigate = { 'Sec-Fetch-Mode': 'navigate' };
    // Bungie down for maintenance after the player approved: the page says so, and comes back here.
    const jar = new CookieJar();
    const { state } = await startSignIn(jar, '/search');
    const code = await approve(state);
    await sim('/__sim/faults', { maintenance: true });
    const keys = await sessionKeys();
    const down = await api(`/api/auth/callback?code=${code}&state=${state}`, {
      jar,
      headers: navigate
    }).finally(() => sim('/__sim/faults', {}));
    expect(down.status).toBe(303);
    expect(down.headers.get('location')).toBe(
      '/sign-in?problem=bungie_maintenance&returnTo=%2Fsearch'
    );
    expect(await sessionKeys()).toEqual(keys);

    // A state this browser never had, and a bad returnTo: the same page, with the code.
    const stale = await api(`/api/auth/callback?code=x&state=${'A'.repeat(43)}`, {
      headers: navigate
    });
    expect(stale.headers.get('location')).toBe('/sign-in?problem=invalid_state&returnTo=%2Fvault');
    const offSite = await api(`/api/auth/login?returnTo=${encodeURIComponent('//evil.example')}`, {
      headers: navigate
    });
    expect(offSite.status).toBe(303);
    expect(offSite.headers.get('location')).toBe(
      '/sign-in?problem=invalid_input&returnTo=%2Fvault'
    );
  });

  it('takes a player who approves an old sign-in again (Back from the vault) to the vault', async () => {
    const jar = new CookieJar();
    const { state } = await startSignIn(jar);
    const code = await approve(state);
    expect((await api(`/api/auth/callback?code=${code}&state=${state}`, { jar })).status).toBe(302);
    const keys = await sessionKeys();
    // Bungie's page again from history: a second approval of the same state.
    const again = await api(`/api/auth/callback?code=${await approve(state)}&state=${state}`, {
      jar,
      headers: { 'Sec-Fetch-Mode': 'navigate' }
    });
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('/vault');
    expect(await sessionKeys()).toEqual(keys);
  });

  it('answers /api/me without a session with 401 signed_out', async () => {
    for (const cookie of [undefined, `${SESSION}=${'x'.repeat(43)}`, `${SESSION}=short`]) {
      const response = await api('/api/me', { headers: cookie ? { Cookie: cookie } : {} });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'signed_out'
      );
    }
  });
});

describe('tokens refresh by themselves', () => {
  it('refreshes an access token within 60 s of expiry before calling Bungie', async () => {
    // 65 s tokens: 5 s before they are within the 60 s margin, for signing in and a first call.
    await sim('/__sim/reset', { accessTokenSeconds: 65 });
    const { jar } = await signIn();
    expect((await api('/api/me', { jar })).status).toBe(200);
    expect((await simState()).oauth.grants.refresh_token).toBe(0);
    await sleep(5_200);
    expect((await api('/api/me', { jar })).status).toBe(200);
    expect((await simState()).oauth.grants.refresh_token).toBe(1);
    const key = `v1:session:${await sha256Hex(jar.get(SESSION)!)}`;
    expect((await decryptSession(key)).tokens.accessExpiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect((await api('/api/me', { jar })).status).toBe(200);
    expect((await simState()).oauth.grants.refresh_token).toBe(1);
  });

  it('20 concurrent calls at expiry cause exactly one refresh', async () => {
    await sim('/__sim/reset', { accessTokenSeconds: 62 });
    const { jar } = await signIn();
    await sleep(2_200);
    const responses = await Promise.all(Array.from({ length: 20 }, () => api('/api/me', { jar })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await simState()).oauth.grants.refresh_token).toBe(1);
  });

  it('a token Bungie rejects (2111) is refreshed once and the call retried', async () => {
    const { jar } = await signIn();
    await sim('/__sim/tokens/expire', {});
    const response = await api('/api/me', { jar });
    expect(response.status).toBe(200);
    expect((await simState()).oauth.grants.refresh_token).toBe(1);
  });

  it('a refresh Bungie refuses (revoked) ends the session', async () => {
    await sim('/__sim/reset', { accessTokenSeconds: 61 });
    const { jar } = await signIn();
    await sleep(1_200);
    await sim('/__sim/tokens/revoke', {});
    const key = `v1:session:${await sha256Hex(jar.get(SESSION)!)}`;
    const response = await api('/api/me', { jar });
    expect(await response.json()).toEqual({
      error: { code: 'signed_out', message: 'Your Bungie.net sign-in has ended. Sign in again.' }
    });
    expect(response.status).toBe(401);
    expect(await sessionKeys()).not.toContain(key);
  });
});

describe('sign out, memberships, and what responses never hold', () => {
  it('logout deletes the session: the old cookie no longer works', async () => {
    const { jar } = await signIn();
    const oldCookie = jar.header();
    const key = `v1:session:${await sha256Hex(jar.get(SESSION)!)}`;
    expect(
      (
        await api('/api/auth/logout', {
          method: 'POST',
          headers: { Origin: 'https://evil.example' },
          jar
        })
      ).status
    ).toBe(403);
    expect((await api('/api/me', { jar })).status).toBe(200);
    const logout = await api('/api/auth/logout', { method: 'POST', jar });
    expect(logout.status).toBe(200);
    expect(jar.get(SESSION)).toBeUndefined();
    expect(await sessionKeys()).not.toContain(key);
    expect((await api('/api/me', { headers: { Cookie: oldCookie } })).status).toBe(401);
  });

  it('switches only to a membership of the player, with a validated body', async () => {
    const { jar } = await signIn();
    const post = (body: string) =>
      api('/api/me/membership', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        jar
      });
    expect(
      (await post(JSON.stringify({ membershipType: 2, membershipId: '4611686018433092312' })))
        .status
    ).toBe(200);
    const foreign = await post(
      JSON.stringify({ membershipType: 3, membershipId: '4611686018467367772' })
    );
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe(
      'not_your_membership'
    );
    for (const bad of [
      '{',
      '[]',
      '{"membershipType":"2","membershipId":4611686018433092312}',
      JSON.stringify({ membershipType: 2, membershipId: '1', extra: true })
    ]) {
      const response = await post(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toMatch(
        /^invalid_(input|json)$/
      );
    }
  });

  it('no response body ever contains a token', async () => {
    await sim('/__sim/reset', { accessTokenSeconds: 62 });
    const from = bodiesSeen.length;
    const { jar } = await signIn();
    const key = `v1:session:${await sha256Hex(jar.get(SESSION)!)}`;
    const issued = (await decryptSession(key)).tokens;
    await api('/api/me', { jar });
    await sleep(2_200);
    await api('/api/me', { jar });
    await api('/api/me/membership', {
      method: 'POST',
      body: JSON.stringify({ membershipType: 2, membershipId: '4611686018433092312' }),
      jar
    });
    await api('/api/health', { jar });
    const refreshed = (await decryptSession(key)).tokens;
    expect(refreshed.accessToken).not.toBe(issued.accessToken);
    await api('/api/auth/logout', { method: 'POST', jar });
    // Every answer of this test: login, callback, /api/me twice, membership, health, logout.
    const seen = bodiesSeen.slice(from);
    expect(seen).toHaveLength(7);
    for (const body of seen) {
      for (const token of [
        issued.accessToken,
        issued.refreshToken,
        refreshed.accessToken,
        refreshed.refreshToken
      ])
        expect(body).not.toContain(token);
      expect(body).not.toMatch(/access_token|refresh_token/);
    }
  });
});
