import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProfileResponse } from '../../src/lib/shared/api-shapes';
import { api, signIn, sim, type CookieJar, publisherAdmin } from './helpers';

let jar: CookieJar;
// Publishing the real item table takes a few seconds, more on a busy machine: longer than a hook is given by default.
beforeAll(async () => {
  await sim('/__sim/reset', {});
  const run = await publisherAdmin('/run');
  expect(run.status).toBe(200);
  jar = (await signIn()).jar;
}, 30_000);

describe('GET /api/profile', () => {
  it("returns the chosen membership's characters and every item, slotted by the published definitions", async () => {
    const response = await api('/api/profile', { jar });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const profile = (await response.json()) as ProfileResponse;
    expect(profile.membershipId).toBe('4611686018433092312');
    expect(profile.characters.map((c) => c.classType)).toEqual([1, 0, 2]);
    expect(profile.items).toHaveLength(991);
    const vault = profile.items.filter((i) => i.owner === 'vault');
    expect(vault).toHaveLength(467);
    // 347 vault items have a bundled definition, so a known slot; the rest wait as unidentified.
    expect(vault.filter((i) => i.bucketHash !== 0)).toHaveLength(347);
    expect(vault.filter((i) => i.bucketHash === 2465295065)).toHaveLength(106);
  });

  it("carries each instance's sockets, plugged perk first, then the ones selectable there", async () => {
    const profile = (await (await api('/api/profile', { jar })).json()) as ProfileResponse;
    const details = profile.itemDetails!;
    // Every instance the real profile has sockets for (component 305).
    expect(Object.keys(details)).toHaveLength(720);
    const equippedWeapon = details['6917529368861287826']!;
    expect(equippedWeapon.sockets.slice(0, 3)).toEqual([
      [878286503],
      [4090651448, 3250034553],
      [3142289711, 106909392]
    ]);
    const ids = new Set(profile.items.map((i) => i.id));
    expect(Object.keys(details).every((id) => ids.has(id))).toBe(true);
  });

  it('leaves the item details out with ?details=none: the same placement in a smaller answer', async () => {
    const full = await api('/api/profile', { jar });
    const fullText = await full.text();
    const placement = await api('/api/profile?details=none', { jar });
    expect(placement.status).toBe(200);
    expect(placement.headers.get('cache-control')).toBe('no-store');
    const placementText = await placement.text();
    const {
      itemDetails,
      mintedAt: _fullMinted,
      ...fullRest
    } = JSON.parse(fullText) as ProfileResponse;
    const { mintedAt: _minted, ...rest } = JSON.parse(placementText) as ProfileResponse;
    expect(Object.keys(itemDetails!)).toHaveLength(720);
    expect('itemDetails' in rest).toBe(false);
    expect(rest).toEqual(fullRest);
    expect(placementText.length).toBeLessThan(fullText.length * 0.7);
  });

  it('answers 400 invalid_input to a details value it does not know', async () => {
    const response = await api('/api/profile?details=all', { jar });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/details/);
  });

  it('answers 304 with no body and the mint time when the device holds the same content', async () => {
    const first = await api('/api/profile', { jar });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const held = (await first.json()) as ProfileResponse;
    expect(first.headers.get('profile-minted-at')).toBe(held.mintedAt);
    for (const tag of [etag, `W/${etag}`, `"0", ${etag}`]) {
      const again = await api('/api/profile', { jar, headers: { 'If-None-Match': tag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('no-store');
      // Bungie mints every answer anew: the device's ordering rule still gets the time.
      expect(Date.parse(again.headers.get('profile-minted-at')!)).toBeGreaterThanOrEqual(
        Date.parse(held.mintedAt)
      );
    }
    const other = await api('/api/profile', {
      jar,
      headers: { 'If-None-Match': '"0123456789abcdef0123456789abcdef"' }
    });
    expect(other.status).toBe(200);
    expect(((await other.json()) as ProfileResponse).items).toEqual(held.items);
  });

  it('shows a move made at Bungie on the next call', async () => {
    const beforeResponse = await api('/api/profile', { jar });
    const heldTag = beforeResponse.headers.get('etag')!;
    const before = (await beforeResponse.json()) as ProfileResponse;
    const item = before.items.find(
      (i) => i.owner === 'vault' && i.bucketHash === 2465295065 && i.transferable
    )!;
    const state = (await (await sim('/__sim/state')).json()) as {
      characters: { characterId: string; classType: number }[];
    };
    const warlock = state.characters.find((c) => c.classType === 2)!.characterId;
    // Through the simulator directly, as another app (or the game) would.
    const token = await (async () => {
      const approve = await fetch(`${env.BUNGIE_BASE_URL}/en/OAuth/Authorize`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: env.BUNGIE_CLIENT_ID, state: 'x' }),
        redirect: 'manual'
      });
      const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
      const grant = await fetch(`${env.BUNGIE_BASE_URL}/Platform/App/OAuth/token/`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${btoa(`${env.BUNGIE_CLIENT_ID}:${env.BUNGIE_CLIENT_SECRET}`)}`
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code })
      });
      return ((await grant.json()) as { access_token: string }).access_token;
    })();
    const moved = await fetch(
      `${env.BUNGIE_BASE_URL}/Platform/Destiny2/Actions/Items/TransferItem/`,
      {
        method: 'POST',
        headers: {
          'X-API-Key': env.BUNGIE_API_KEY,
          Authorization: `Bearer ${token}`,
          'content-type': 'application/json'
        },
        body: JSON.stringify({
          itemReferenceHash: item.hash,
          stackSize: 1,
          transferToVault: false,
          itemId: item.id,
          characterId: warlock,
          membershipType: 2
        })
      }
    );
    expect(((await moved.json()) as { ErrorCode: number }).ErrorCode).toBe(1);
    // The device still holds the tag of the content before the move: it gets the new content.
    const afterResponse = await api('/api/profile', { jar, headers: { 'If-None-Match': heldTag } });
    expect(afterResponse.status).toBe(200);
    expect(afterResponse.headers.get('etag')).not.toBe(heldTag);
    const after = (await afterResponse.json()) as ProfileResponse;
    expect(after.items.find((i) => i.id === item.id)).toMatchObject({
      owner: warlock,
      bucketHash: 2465295065,
      locationBucketHash: 2465295065
    });
    expect(Date.parse(after.mintedAt)).toBeGreaterThanOrEqual(Date.parse(before.mintedAt));
  });

  it('answers 401 signed_out without a session', async () => {
    const response = await api('/api/profile');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('signed_out');
  });
});

describe('GET /api/vendors/xur', () => {
  it('lists what Xûr sells, with slots for the device to fetch definitions, or says he is away', async () => {
    const here = await api('/api/vendors/xur');
    expect(here.status).toBe(200);
    const stock = (await here.json()) as {
      present: boolean;
      items: { hash: number; bucketHash: number; costs: { quantity: number }[] }[];
      nextRefreshDate: string;
    };
    expect(stock.present).toBe(true);
    expect(stock.items.length).toBeGreaterThanOrEqual(4);
    expect(stock.items.every((i) => i.bucketHash !== 0 && i.costs[0]!.quantity > 0)).toBe(true);
    expect(Date.parse(stock.nextRefreshDate)).toBeGreaterThan(Date.now());
    await sim('/__sim/config', { xur: false });
    const away = (await (await api('/api/vendors/xur')).json()) as {
      present: boolean;
      items: unknown[];
    };
    expect(away).toMatchObject({ present: false, items: [] });
    await sim('/__sim/config', { xur: true });
  });
});
