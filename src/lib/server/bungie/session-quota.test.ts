import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { secondsLeftInWindow, withSessionQuota, type RateLimit } from './session-quota';

describe('secondsLeftInWindow', () => {
  it.each([
    [0, 10],
    [1_000, 9],
    [9_500, 1],
    [9_999, 1],
    [10_000, 10],
    [1_700_000_003_200, 7]
  ])('at %i ms: %i s left', (now, left) => {
    expect(secondsLeftInWindow(now)).toBe(left);
  });
});

describe('withSessionQuota', () => {
  /** A fixed-window counter like the binding's, over a clock the test moves. */
  function counter(limit: number, clock: { now: number }): RateLimit & { keys: string[] } {
    const counts = new Map<string, number>();
    const keys: string[] = [];
    return {
      keys,
      async limit({ key }) {
        keys.push(key);
        const window = `${key}:${Math.floor(clock.now / 10_000)}`;
        const count = counts.get(window) ?? 0;
        if (count >= limit) return { success: false };
        counts.set(window, count + 1);
        return { success: true };
      }
    };
  }

  it('sends calls within the quota and refuses the next with 429 and the wait left in the window', async () => {
    const clock = { now: 20_000 };
    const limiter = counter(3, clock);
    let sent = 0;
    const fetch = withSessionQuota(
      async () => (sent++, new Response('{}')),
      limiter,
      'session-a',
      () => clock.now
    );
    for (let i = 0; i < 3; i++)
      expect((await fetch(new Request('https://bungie.example/'))).status).toBe(200);
    clock.now = 26_400;
    const refused = await fetch(new Request('https://bungie.example/')).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 4 });
    expect(sent).toBe(3);
    clock.now = 30_000;
    expect((await fetch(new Request('https://bungie.example/'))).status).toBe(200);
    expect(sent).toBe(4);
    expect(new Set(limiter.keys)).toEqual(new Set(['session-a']));
  });
});
