import { beforeEach, describe, expect, it } from 'vitest';
import { api, signIn, sim, sleep } from './helpers';

interface SimActions {
  actions: unknown[];
}

beforeEach(async () => {
  await sim('/__sim/reset', {});
});

describe("each session's share of the Bungie quota", () => {
  it('answers 429 with Retry-After past 60 Bungie calls in a window, without calling Bungie, and only for that session', async () => {
    const { jar } = await signIn();
    const other = (await signIn()).jar;
    let calls = 0;
    let refused: Response | undefined;
    // The window is aligned to the clock: the 61st call of one window is refused, or a later one
    // when the calls straddle two windows.
    while (!refused && calls < 200) {
      const response = await api('/api/me', { jar });
      calls++;
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused).toBeDefined();
    expect(calls).toBeGreaterThan(60);
    expect(calls).toBeLessThanOrEqual(121);
    const wait = Number(refused!.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(10);
    const body = (await refused!.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/trying again in \d+ s/);

    // A refused move never reaches Bungie.
    const before = ((await (await sim('/__sim/state')).json()) as SimActions).actions.length;
    const lock = await api('/api/actions/lock', { method: 'POST', jar, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ itemId: '6917529034522830016', characterId: '2305843009260802821', locked: true }) });
    if (lock.status === 429) expect(((await (await sim('/__sim/state')).json()) as SimActions).actions.length).toBe(before);

    // Another player is not held up by this one.
    expect((await api('/api/me', { jar: other })).status).toBe(200);
    await sleep(wait * 1000 + 100);
    expect((await api('/api/me', { jar })).status).toBe(200);
  });

  it('does not count requests refused for bad input', async () => {
    const { jar } = await signIn();
    for (let i = 0; i < 80; i++) {
      const response = await api('/api/actions/lock', { method: 'POST', jar, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ itemId: 'x', locked: 'yes' }) });
      expect(response.status).toBe(400);
    }
    expect((await api('/api/me', { jar })).status).toBe(200);
  });
});

describe("an anonymous caller's share of the Bungie quota", () => {
  it('Xûr, which needs no sign-in, is counted per address: one address past 60 calls in a window waits, another does not', async () => {
    const from = (ip: string) => api('/api/vendors/xur', { headers: { 'CF-Connecting-IP': ip } });
    let calls = 0;
    let refused: Response | undefined;
    while (!refused && calls < 200) {
      const response = await from('203.0.113.7');
      calls++;
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(calls).toBeGreaterThan(60);
    expect(calls).toBeLessThanOrEqual(121);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await from('198.51.100.2')).status).toBe(200);
  });
});
