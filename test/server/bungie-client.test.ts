import { getDestinyManifest } from 'bungie-api-ts/destiny2';
import { getMembershipDataForCurrentUser } from 'bungie-api-ts/user';
import { describe, expect, it } from 'vitest';
import { BungieError } from '../../src/lib/bungie/client/bungie-error';
import { createBungieClient } from '../../src/lib/bungie/client/http';
import { describeFailure } from '../../src/lib/server/describe-failure';
import { API_KEY, harness } from '../sim/harness.ts';

/** The client's layers against the simulator in-process: a real Bungie peer, no network needed. */
function client(h = harness(), options: { apiKey?: string; timeoutMs?: number } = {}) {
  const fetch = async (request: Request) => h.sim.app.fetch(request);
  return {
    h,
    bungie: createBungieClient({
      fetch,
      baseUrl: 'https://www.bungie.net',
      apiKey: options.apiKey ?? API_KEY,
      timeoutMs: options.timeoutMs
    })
  };
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(BungieError);
  return { error: error as BungieError, failure: describeFailure(error) };
}

describe('the Bungie HTTP client', () => {
  it('sends the API key and returns the envelope bungie-api-ts expects', async () => {
    const { bungie } = client();
    const manifest = await getDestinyManifest(bungie);
    expect(manifest.ErrorCode).toBe(1);
    expect(manifest.Response.version).toMatch(/bnet/);
  });

  it('turns error envelopes into typed errors and player-facing words', async () => {
    const { error, failure } = await failureOf(
      getDestinyManifest(client(undefined, { apiKey: 'wrong' }).bungie)
    );
    expect(error).toMatchObject({ code: 2101, status: 'ApiInvalidOrExpiredKey', httpStatus: 401 });
    expect(failure).toMatchObject({ status: 502, code: 'bungie_app_misconfigured' });

    const { h, bungie } = client();
    h.world.faults.maintenance = 'envelope';
    expect((await failureOf(getDestinyManifest(bungie))).failure).toEqual({
      status: 503,
      code: 'bungie_maintenance',
      message: 'Bungie.net is down for maintenance.'
    });
    h.world.faults.maintenance = false;
    h.world.faults.throttle = 40;
    expect((await failureOf(getDestinyManifest(bungie))).failure).toMatchObject({
      status: 429,
      code: 'bungie_throttled',
      retryAfterSeconds: 40
    });
  });

  it.each([
    [
      'its envelope (5 SystemDisabled)',
      { maintenance: 'envelope' as const },
      'bungie_maintenance',
      503
    ],
    [
      'an OAuth-style {error, error_description}',
      { maintenance: 'oauth' as const },
      'bungie_maintenance',
      503
    ],
    ['an HTML 503 page', { maintenance: 'html' as const }, 'bungie_maintenance', 503],
    ['JSON cut short', { truncateJson: true }, 'bungie_unavailable', 502]
  ])('reads an outage answered as %s', async (_, faults, code, status) => {
    const { h, bungie } = client();
    Object.assign(h.world.faults, faults);
    const { failure } = await failureOf(getDestinyManifest(bungie));
    expect(failure).toMatchObject({ status, code });
    expect(failure.message).not.toMatch(/<|SystemDisabled|HTTP/);
    Object.assign(h.world.faults, { maintenance: false, truncateJson: false });
    expect((await getDestinyManifest(bungie)).ErrorCode).toBe(1);
  });

  it('waits as long as Bungie asks (ThrottleSeconds) and tries again', async () => {
    const h = harness();
    const waits: number[] = [];
    const bungie = createBungieClient({
      fetch: async (r) => h.sim.app.fetch(r),
      baseUrl: 'https://www.bungie.net',
      apiKey: API_KEY,
      throttle: {
        retries: 2,
        maxWaitSeconds: 5,
        sleep: async (ms) => {
          waits.push(ms);
          h.world.faults.throttle = 0; // Bungie calms down while we wait.
        }
      }
    });
    h.world.faults.throttle = 2;
    expect((await getDestinyManifest(bungie)).ErrorCode).toBe(1);
    expect(waits).toEqual([2000]);
    // A wait longer than the client will hold a request is handed to the caller instead.
    h.world.faults.throttle = 30;
    const { failure } = await failureOf(getDestinyManifest(bungie));
    expect(failure).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect(waits).toEqual([2000]);
  });

  it('gives up on a Bungie that does not answer in time', async () => {
    const { h, bungie } = client(undefined, { timeoutMs: 50 });
    h.world.faults.latencyMs = 400;
    const { error, failure } = await failureOf(getDestinyManifest(bungie));
    expect(error.status).toBe('Timeout');
    expect(failure).toMatchObject({ status: 504, code: 'bungie_timeout' });
  });

  it('renews a token Bungie rejects, once, and retries the call', async () => {
    const h = harness();
    const first = await h.signIn();
    let token = first.access_token;
    let renewals = 0;
    const tokens = {
      current: async () => token,
      renew: async () => {
        renewals++;
        const { body } = await h.token({
          grant_type: 'refresh_token',
          refresh_token: first.refresh_token
        });
        token = String(body.access_token);
        return token;
      }
    };
    const bungie = createBungieClient({
      fetch: async (r) => h.sim.app.fetch(r),
      baseUrl: 'https://www.bungie.net',
      apiKey: API_KEY,
      tokens
    });
    expect(
      (await getMembershipDataForCurrentUser(bungie)).Response.bungieNetUser.membershipId
    ).toBe('7094');
    expect(renewals).toBe(0);
    h.world.oauth.expireAccessTokens();
    expect(
      (await getMembershipDataForCurrentUser(bungie)).Response.bungieNetUser.membershipId
    ).toBe('7094');
    expect(renewals).toBe(1);
    // A renewed token that is still refused is an answer, not a loop.
    tokens.renew = async () => {
      renewals++;
      return 'still-bad';
    };
    token = 'bad';
    const { error } = await failureOf(getMembershipDataForCurrentUser(bungie));
    expect(error.code).toBe(99);
    expect(renewals).toBe(2);
  });
});
