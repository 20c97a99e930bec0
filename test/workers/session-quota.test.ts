import { beforeEach, describe, expect, it } from 'vitest';
import { api, callUntilRefused, signIn, sim, sleep } from './helpers';

const HUNTER = '2305843009260802821';
const ENERGY = 2465295065;

interface SimState {
  items: {
    itemId: string | null;
    owner: string;
    bucketHash: number;
    equipped: boolean;
    state: number;
  }[];
  actions: { action: string; request: Record<string, unknown>; errorCode: number }[];
}
const simState = async () => (await (await sim('/__sim/state')).json()) as SimState;

beforeEach(async () => {
  await sim('/__sim/reset', {});
});

describe("each session's share of the Bungie quota", () => {
  it(
    'answers 429 with Retry-After past 60 Bungie calls in a window, without calling Bungie, and only for that session',
    { timeout: 60_000 },
    async () => {
      const { jar } = await signIn();
      const other = (await signIn()).jar;
      const me = () => api('/api/me', { jar });
      const hunterWeapon = (await simState()).items.find(
        (i) =>
          i.owner === HUNTER &&
          i.bucketHash === ENERGY &&
          i.itemId &&
          !i.equipped &&
          (i.state & 1) === 0
      )!;
      const lock = () =>
        api('/api/actions/lock', {
          method: 'POST',
          jar,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ itemId: hunterWeapon.itemId, characterId: HUNTER, locked: true })
        });

      // The limiter counts in fixed 10 s windows whose start this test does not know: the first
      // refusal comes after all 60 calls of one window, or after up to 120 when the calls straddle two.
      const first = await callUntilRefused(me);
      expect(first.served).toEqual(first.served.map(() => 200));
      expect(first.served.length).toBeGreaterThanOrEqual(60);
      expect(first.served.length).toBeLessThanOrEqual(120);
      const wait = Number(first.refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(10);
      const body = (await first.refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('rate_limited');
      expect(body.error.message).toMatch(/trying again in \d+ s/);

      // A caller that waits as long as Retry-After says, and not a moment longer, is served (a wait
      // rounded down would land in the window that refused). No call came between, so this one is
      // the first of a new window, which began at most a second before (Retry-After rounds up).
      await sleep(wait * 1000);
      const turned = await me();
      const opened = Date.now();
      expect(turned.status).toBe(200);

      // That call, 58 more and a lock are the window's 60: the lock is sent, and Bungie shows it.
      const before = (await simState()).actions.length;
      const inWindow = [turned.status];
      for (let i = 0; i < 58; i++) inWindow.push((await me()).status);
      expect(inWindow).toEqual(Array(59).fill(200));
      expect((await lock()).status).toBe(200);
      const sent = (await simState()).actions;
      expect(sent).toHaveLength(before + 1);
      expect(sent.at(-1)).toMatchObject({
        action: 'SetLockState',
        request: { itemId: hunterWeapon.itemId },
        errorCode: 1
      });

      // The 61st call is refused, and so is a move, which never reaches Bungie; another player is
      // served meanwhile, while this one is still held. All of it within 10 s of the window's start.
      expect((await me()).status, `${Date.now() - opened} ms after the window opened`).toBe(429);
      expect((await lock()).status).toBe(429);
      expect((await simState()).actions).toHaveLength(before + 1);
      expect((await api('/api/me', { jar: other })).status).toBe(200);
      expect((await me()).status).toBe(429);
    }
  );

  it('does not count requests refused for bad input', async () => {
    const { jar } = await signIn();
    const bad = async () =>
      (
        await api('/api/actions/lock', {
          method: 'POST',
          jar,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ itemId: 'x', locked: 'yes' })
        })
      ).status;
    const good = async () => (await api('/api/me', { jar })).status;

    // Were bad input counted, these 121 calls would all count. They take under 10 s (checked
    // below), so at most one window boundary falls among them, wherever the windows start: calls
    // 1..k fall in one window and k+1..121 in the next, for some k from 0 to 121. A window refuses
    // every call past its 60th. If k >= 61, call 61 (the first /api/me) is past the 60th of its
    // window; if k <= 60, the second window holds calls k+1..121, at least 61 of them, and its last,
    // call 121 (the second /api/me), is past its 60th. Either way an /api/me would answer 429,
    // whether or not the bad calls show their own refusal. Counted or not, each must answer 400.
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 60; i++) statuses.push(await bad());
    statuses.push(await good());
    for (let i = 0; i < 59; i++) statuses.push(await bad());
    statuses.push(await good());
    const took = Date.now() - started;

    expect(took, 'the 121 calls fit in 10 s, so they span at most two windows').toBeLessThan(
      10_000
    );
    expect(statuses).toEqual([...Array(60).fill(400), 200, ...Array(59).fill(400), 200]);
  });
});

describe("an anonymous caller's share of the Bungie quota", () => {
  it.each([
    ['Xûr, which needs no sign-in,', '/api/vendors/xur', '203.0.113.7', '198.51.100.2'],
    ['the health check', '/api/health', '203.0.113.9', '198.51.100.3']
  ])(
    '%s is counted per address: one address past 60 calls in a window waits, another does not',
    async (_name, path, busy, other) => {
      const from = (ip: string) => api(path, { headers: { 'CF-Connecting-IP': ip } });
      // As for a session: the first refusal comes after 60 to 120 calls, however the windows fall.
      const { served, refused } = await callUntilRefused(() => from(busy));
      expect(served).toEqual(served.map(() => 200));
      expect(served.length).toBeGreaterThanOrEqual(60);
      expect(served.length).toBeLessThanOrEqual(120);
      // The app's own wait, said as such (not as Bungie being down).
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'rate_limited'
      );
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await from(other)).status).toBe(200);
    }
  );
});
