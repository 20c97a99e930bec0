import { ACTION_CALL_TIMEOUT_MS } from '$lib/domain/outbox/queue-rules';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, sessionKeys, signIn, sim, simState, sleep, type CookieJar } from './helpers';

/**
 * Bungie going down in each shape seen in the wild, reproduced at the simulator: the edge answers
 * with words a player understands, keeps the session, changes nothing at Bungie, and works again
 * as soon as Bungie does.
 */
interface SimItems {
  characters: { characterId: string }[];
  items: { itemId: string | null; owner: string }[];
  actions: unknown[];
}

/** An item on the first character: what the lock requests below lock. */
async function lockedItem() {
  const state = (await (await sim('/__sim/state')).json()) as SimItems;
  return state.items.find((i) => i.itemId && i.owner === state.characters[0]!.characterId)!;
}

async function lockRequest(jar: CookieJar, item?: SimItems['items'][number]) {
  item ??= await lockedItem();
  return api('/api/actions/lock', {
    method: 'POST',
    jar,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ itemId: item.itemId, characterId: item.owner, locked: true })
  });
}

async function actionCount(): Promise<number> {
  return ((await (await sim('/__sim/state')).json()) as SimItems).actions.length;
}

beforeEach(async () => {
  await sim('/__sim/reset', {});
});

const MAINTENANCE = { code: 'bungie_maintenance', message: 'Bungie.net is down for maintenance.' };

describe('Bungie outages at the edge', () => {
  it.each([
    ['the envelope (5 SystemDisabled)', { maintenance: 'envelope' }, 503, MAINTENANCE, null, 0],
    [
      'an OAuth-style {error, error_description}',
      { maintenance: 'oauth' },
      503,
      MAINTENANCE,
      null,
      0
    ],
    ['an HTML 503 page', { maintenance: 'html' }, 503, MAINTENANCE, null, 0],
    // The action went through and only its answer was lost: the device's runner re-reads the
    // profile before anything else, so it is not sent twice (the runner's tests show that part).
    [
      'JSON cut short',
      { truncateJson: true },
      502,
      {
        code: 'bungie_unavailable',
        message: 'Bungie.net is having trouble right now. Try again in a moment.'
      },
      null,
      1
    ],
    [
      'throttling for 30 s',
      { throttle: 30 },
      429,
      {
        code: 'bungie_throttled',
        message: 'Bungie.net asked us to slow down. Trying again shortly.'
      },
      '30',
      0
    ]
  ])(
    '%s: plain words, the session kept, back by itself',
    async (_, faults, status, error, retryAfter, applied) => {
      const { jar } = await signIn();
      const sessionsBefore = await sessionKeys();
      await sim('/__sim/faults', faults);

      const profile = await api('/api/profile', { jar });
      expect(profile.status).toBe(status);
      expect(profile.headers.get('content-type')).toMatch(/application\/json/);
      expect(await profile.json()).toEqual({ error });
      expect(profile.headers.get('retry-after')).toBe(retryAfter);
      const lock = await lockRequest(jar);
      expect(lock.status).toBe(status);
      expect(await actionCount()).toBe(applied);
      // Who is signed in is read live from Bungie too: it reports the outage, never "signed out".
      expect((await api('/api/me', { jar })).status).toBe(status);
      expect(await sessionKeys()).toEqual(sessionsBefore);

      await sim('/__sim/faults', { maintenance: false, truncateJson: false, throttle: 0 });
      const after = await api('/api/profile', { jar });
      expect(after.status, await after.clone().text()).toBe(200);
    }
  );

  it('a token refresh that meets maintenance keeps the session and refreshes once Bungie is back', async () => {
    await sim('/__sim/reset', { accessTokenSeconds: 61 });
    const { jar } = await signIn();
    const sessionsBefore = await sessionKeys();
    await sleep(1_200); // now inside the refresh margin: the next Bungie call refreshes first
    await sim('/__sim/faults', { maintenance: 'oauth' });
    const during = await api('/api/profile', { jar });
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ error: MAINTENANCE });
    expect(await sessionKeys()).toEqual(sessionsBefore);
    await sim('/__sim/faults', { maintenance: false });
    expect((await api('/api/profile', { jar })).status).toBe(200);
    expect((await simState()).oauth.grants.refresh_token).toBe(1);
  });

  it('gives up on a Bungie that has not answered in 15 s', { timeout: 40_000 }, async () => {
    const { jar } = await signIn();
    await sim('/__sim/faults', { latencyMs: 20_000 });
    const started = Date.now();
    const response = await api('/api/profile', { jar });
    const waited = Date.now() - started;
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({
      error: {
        code: 'bungie_timeout',
        message: 'Bungie.net did not answer in time. Try again in a moment.'
      }
    });
    expect(waited).toBeGreaterThanOrEqual(14_900);
    expect(waited).toBeLessThan(19_000);
    await sim('/__sim/faults', { latencyMs: 0 });
    expect((await api('/api/me', { jar })).status).toBe(200);
  });

  it(
    'gives up on an item action sooner, and never sends a throttled one again by itself',
    { timeout: 30_000 },
    async () => {
      // Tokens that outlive the test (an earlier test shortens them; a refresh is not this test's).
      await sim('/__sim/reset', { accessTokenSeconds: 3600 });
      const { jar } = await signIn();
      // Bungie answers 3 s after the edge stops waiting: an answer well before that says the edge
      // gave up on time rather than waiting for Bungie and then saying it timed out.
      const item = await lockedItem();
      await sim('/__sim/faults', { latencyMs: ACTION_CALL_TIMEOUT_MS + 3_000 });
      const started = Date.now();
      const slow = await lockRequest(jar, item);
      const waited = Date.now() - started;
      expect(slow.status).toBe(504);
      expect(((await slow.json()) as { error: { code: string } }).error.code).toBe(
        'bungie_timeout'
      );
      expect(waited).toBeGreaterThanOrEqual(ACTION_CALL_TIMEOUT_MS - 100);
      expect(waited).toBeLessThan(ACTION_CALL_TIMEOUT_MS + 2_500);
      // The action still lands: why the device waits this long and a margin before it trusts a read
      // over a lost answer (queue-rules: UNKNOWN_OUTCOME_SETTLE_MS).
      const deadline = Date.now() + 10_000;
      while ((await actionCount()) === 0 && Date.now() < deadline) await sleep(100);
      expect(await actionCount()).toBe(1);

      // A throttle is waited out at the edge for a read, but an action is answered at once with
      // Retry-After: the device waits, and knows the action is not in flight meanwhile. Only this
      // one call is throttled, so an edge that sent it again after the wait would be served and the
      // log would hold a second action by the time the answer came.
      await sim('/__sim/faults', { latencyMs: 0, failNext: { code: 36, throttleSeconds: 1 } });
      const throttled = await lockRequest(jar, item);
      expect(throttled.status, await throttled.clone().text()).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('1');
      expect(await actionCount()).toBe(1);
    }
  );
});
