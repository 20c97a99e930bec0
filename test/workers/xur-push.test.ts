import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import publisher from '../../workers/shard-publisher/src/index';
import { XUR_VISIT_KEY } from '../../workers/shard-publisher/src/xur-watch';
import { api, signIn, sim, type CookieJar } from './helpers';

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
  (await (
    await publisher.fetch(
      new Request('https://publisher.example/xur', {
        method: 'POST',
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` }
      }) as never,
      env,
      createExecutionContext()
    )
  ).json()) as {
    outcome: string;
    channels?: Record<string, { delivered?: number; removed?: number; error?: string }>;
  };

/** A browser's subscription, made by the simulated push service for the deployment's VAPID key. */
const subscribe = async (): Promise<Subscription & { id: string }> => {
  const subscription = (await (
    await sim('/__sim/push/subscriptions', { applicationServerKey: env.VAPID_PUBLIC_KEY })
  ).json()) as Subscription;
  return { ...subscription, id: subscription.endpoint.split('/').pop()! };
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
  expect(
    (
      await publisher.fetch(
        new Request('https://publisher.example/run', {
          method: 'POST',
          headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` }
        }) as never,
        env,
        createExecutionContext()
      )
    ).status
  ).toBe(200);
}, 60_000);

beforeEach(async () => {
  await env.SHARDS.delete(XUR_VISIT_KEY);
  for (const key of await stored()) await env.NOTICES.delete(key);
  await sim('/__sim/config', { xur: true, xurWeek: 0 });
});

describe("Xûr's arrival pushed to the devices that asked", () => {
  it('reaches a subscribed device once, signed and encrypted, decrypting to his stock by name', async () => {
    const device = await subscribe();
    expect((await send(jar, 'PUT', { ...device, expirationTime: null })).status).toBe(200);
    expect(await stored()).toHaveLength(1);

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
    // Kept until he leaves, not longer.
    expect(delivered[0]!.ttl).toBeGreaterThan(60);
    expect(delivered[0]!.ttl).toBeLessThanOrEqual(5 * 24 * 3600);
  });

  it('removes a subscription its push service calls gone, and tells the others', async () => {
    const gone = await subscribe();
    const kept = await subscribe();
    for (const device of [gone, kept]) expect((await send(jar, 'PUT', device)).status).toBe(200);
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
    await send(jar, 'PUT', device);
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
      { ...device, endpoint: device.endpoint.replace('https:', 'http:') },
      { ...device, keys: { p256dh: 'short', auth: device.keys.auth } },
      { ...device, keys: { p256dh: device.keys.p256dh } }
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
});
