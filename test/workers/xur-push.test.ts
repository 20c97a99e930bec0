import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { XUR_VISIT_KEY } from '../../workers/shard-publisher/src/xur-watch';
import type { XurResponse } from '../../src/lib/shared/api-shapes';
import { api, callJson, signIn, sim, type CookieJar, publisherAdmin } from './helpers';

interface Delivered {
  subscription: string;
  ttl: number;
  topic?: string;
  sender: string;
  payload: string;
}
interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

const look = async () =>
  (await (await publisherAdmin('/xur')).json()) as {
    outcome: string;
    channels?: Record<string, { delivered?: number; removed?: number; error?: string }>;
  };

/** A browser's subscription, made by the simulated push service for `key` (the deployment's). */
const subscribe = async (
  key = env.VAPID_PUBLIC_KEY
): Promise<{ json: Subscription; id: string; endpoint: string }> => {
  const json = (await (
    await sim('/__sim/push/subscriptions', { applicationServerKey: key })
  ).json()) as Subscription;
  return { json, id: json.endpoint.split('/').pop()!, endpoint: json.endpoint };
};
const deliveredTo = async (id: string) =>
  ((await (await sim('/__sim/push')).json()) as Delivered[]).filter((d) => d.subscription === id);
const send = (jar: CookieJar, method: 'PUT' | 'DELETE', body: unknown) =>
  api('/api/notices/xur/push', {
    method,
    jar,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
const stored = async () =>
  (await env.NOTICES.list({ prefix: 'xur/v1/push/' })).objects.map((o) => o.key);

let jar: CookieJar;

beforeAll(async () => {
  await sim('/__sim/reset', {});
  jar = (await signIn()).jar;
  // The item names come from the published shards.
  expect((await publisherAdmin('/run')).status).toBe(200);
}, 60_000);

beforeEach(async () => {
  await env.SHARDS.delete(XUR_VISIT_KEY);
  for (const key of await stored()) await env.NOTICES.delete(key);
  await sim('/__sim/config', { xur: true, xurWeek: 0 });
});

describe("Xûr's arrival pushed to the devices that asked", () => {
  it('reaches a subscribed device once, signed and encrypted, decrypting to his stock by name', async () => {
    const device = await subscribe();
    expect((await send(jar, 'PUT', { ...device.json, expirationTime: null })).status).toBe(200);
    expect(await stored()).toHaveLength(1);

    // Before the announcement: its time to live, counted from then, is at most the time left now.
    const lookedAt = Date.now();
    const first = await look();
    expect(first).toMatchObject({ outcome: 'announced', channels: { push: { delivered: 1 } } });
    expect(await look()).toEqual({ outcome: 'known' });

    const delivered = await deliveredTo(device.id);
    expect(delivered).toHaveLength(1);
    const notice = JSON.parse(delivered[0]!.payload) as {
      title: string;
      body: string;
      url: string;
    };
    expect(notice.title).toBe('Xûr has arrived');
    expect(notice.url).toBe('/xur');
    // Five exotics, each named from the published shards, with the price.
    const lines = notice.body.split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^(?!Classified)[^:]+: 97 Legendary Shards$/);
    expect(delivered[0]).toMatchObject({ topic: 'xur', sender: 'mailto:admin@localhost' });
    // Kept until he leaves (his stock's next refresh, whatever the day of the week), not longer.
    const { nextRefreshDate } = await callJson<XurResponse>(jar, '/api/vendors/xur');
    const secondsLeft = (Date.parse(nextRefreshDate!) - lookedAt) / 1000;
    expect(delivered[0]!.ttl).toBeGreaterThan(60);
    expect(delivered[0]!.ttl).toBeLessThanOrEqual(Math.ceil(secondsLeft) + 1);
    expect(delivered[0]!.ttl).toBeGreaterThan(secondsLeft - 120);
  });

  it('removes a subscription its push service calls gone, and tells the others', async () => {
    const gone = await subscribe();
    const kept = await subscribe();
    for (const device of [gone, kept])
      expect((await send(jar, 'PUT', device.json)).status).toBe(200);
    await sim(`/__sim/push/subscriptions/${gone.id}/expire`, {});

    expect(await look()).toMatchObject({
      outcome: 'announced',
      channels: { push: { delivered: 1, removed: 1 } }
    });
    expect(await deliveredTo(kept.id)).toHaveLength(1);
    expect(await deliveredTo(gone.id)).toHaveLength(0);
    expect(await stored()).toHaveLength(1);
  });

  it('tells a device of each new visit, and none once it stopped', async () => {
    const device = await subscribe();
    await send(jar, 'PUT', device.json);
    expect(await look()).toMatchObject({ channels: { push: { delivered: 1 } } });
    await sim('/__sim/config', { xurWeek: 1 });
    expect(await look()).toMatchObject({ channels: { push: { delivered: 1 } } });
    expect(await deliveredTo(device.id)).toHaveLength(2);

    expect((await send(jar, 'DELETE', { endpoint: device.endpoint })).status).toBe(200);
    expect(await stored()).toHaveLength(0);
    await sim('/__sim/config', { xurWeek: 2 });
    expect(await look()).toMatchObject({ channels: { push: { delivered: 0, removed: 0 } } });
    expect(await deliveredTo(device.id)).toHaveLength(2);
  });

  it('refuses what is not a browser subscription, and anyone signed out', async () => {
    const device = await subscribe();
    for (const bad of [
      {},
      { ...device.json, endpoint: device.endpoint.replace('https:', 'http:') },
      // Not a push service: the cron Worker would post to it.
      { ...device.json, endpoint: 'https://example.com/hook' },
      { ...device.json, keys: { p256dh: 'short', auth: device.json.keys.auth } },
      // 65 bytes of the right shape that are no point on the curve.
      { ...device.json, keys: { p256dh: `B${'A'.repeat(86)}`, auth: device.json.keys.auth } },
      { ...device.json, keys: { p256dh: device.json.keys.p256dh } },
      { ...device.json, extra: 1 }
    ]) {
      const response = await send(jar, 'PUT', bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_input'
      );
    }
    expect((await api('/api/notices/xur/push', { method: 'PUT', body: '{}' })).status).toBe(401);
    expect(await stored()).toHaveLength(0);
  });

  it('drops a subscription refused for good (made for another key) or unusable, and still tells the rest', async () => {
    const otherKey = await subscribe(
      'BI39JufoUjzZes-lVrTELAMkAYGqRsPDc7OHFHdzUQB3irtB3he-RGiNnkH28ebD-Ht5xMjxhGqFNnWUcBngo1U'
    );
    const kept = await subscribe();
    for (const device of [otherKey, kept]) await send(jar, 'PUT', device.json);
    // A record no push can be built for (its key is no point on the curve), as an older edge kept.
    await env.NOTICES.put(
      'xur/v1/push/1/broken.json',
      JSON.stringify({
        ...kept.json,
        membershipId: '1',
        createdAt: '2026-11-01T00:00:00Z',
        keys: { p256dh: `B${'A'.repeat(86)}`, auth: kept.json.keys.auth }
      })
    );
    expect(await look()).toMatchObject({
      outcome: 'announced',
      channels: { push: { delivered: 1, removed: 2 } }
    });
    expect(await deliveredTo(kept.id)).toHaveLength(1);
    expect(await stored()).toHaveLength(1);
  });

  it("keeps a player's ten most recently seen devices: an eleventh replaces the longest unseen", async () => {
    const devices = [];
    for (let i = 0; i < 11; i++) {
      const device = await subscribe();
      expect((await send(jar, 'PUT', device.json)).status).toBe(200);
      devices.push(device);
    }
    expect(await stored()).toHaveLength(10);
    expect(await look()).toMatchObject({ channels: { push: { delivered: 10 } } });
    expect(await deliveredTo(devices[0]!.id)).toHaveLength(0);
    expect(await deliveredTo(devices[10]!.id)).toHaveLength(1);
  });

  it('tells a player waiting only for an exotic they lack only when he sells one, naming it', async () => {
    const { items } = await callJson<XurResponse>(jar, '/api/vendors/xur');
    const hashes = items.map((i) => i.hash);
    const ownsAll = await subscribe();
    const lacksOne = await subscribe();
    await send(jar, 'PUT', { ...ownsAll.json, ownedExotics: hashes });
    await send(jar, 'PUT', { ...lacksOne.json, ownedExotics: hashes.slice(1) });
    expect(await look()).toMatchObject({
      channels: { push: { delivered: 1, skipped: 1 } }
    });
    expect(await deliveredTo(ownsAll.id)).toHaveLength(0);
    const [pushed] = await deliveredTo(lacksOne.id);
    const notice = JSON.parse(pushed!.payload) as { title: string; body: string };
    const lacked = notice.body.split('\n')[0]!.split(' (')[0]!;
    expect(notice.title).toBe(`Xûr sells ${lacked}, which you lack`);
  });
});
