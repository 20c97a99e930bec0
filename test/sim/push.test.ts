import { buildPushPayload, type VapidKeys } from '@block65/webcrypto-web-push';
import { describe, expect, it } from 'vitest';
import { createSim } from '../../workers/bungie-sim/src/app.ts';
import type { PushSubscriptionJson } from '../../workers/bungie-sim/src/push-service.ts';

/** A VAPID key pair made here, as a deployment would make its own. */
async function vapidKeys(): Promise<VapidKeys> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign'
  ]);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const { d } = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return {
    publicKey: Buffer.from(raw).toString('base64url'),
    privateKey: d!,
    subject: 'mailto:ops@example.com'
  };
}

async function setUp() {
  const { app } = createSim({ cacheDir: '.cache/bungie-sim-test' });
  const vapid = await vapidKeys();
  const subscription = (await (
    await app.fetch(
      new Request('http://sim/__sim/push/subscriptions', {
        method: 'POST',
        body: JSON.stringify({ applicationServerKey: vapid.publicKey })
      })
    )
  ).json()) as PushSubscriptionJson;
  const path = new URL(subscription.endpoint).pathname;
  const push = async (
    data: unknown,
    options: { keys?: VapidKeys; body?: (body: Uint8Array) => Uint8Array; to?: string } = {}
  ) => {
    const request = await buildPushPayload(
      { data: data as string, options: { ttl: 3600, topic: 'xur' } },
      subscription,
      options.keys ?? vapid
    );
    const body = options.body ? options.body(request.body) : request.body;
    return app.fetch(
      new Request(`http://sim${options.to ?? path}`, {
        method: 'POST',
        headers: request.headers,
        body: body as BodyInit
      })
    );
  };
  const delivered = async () =>
    (await (await app.fetch(new Request('http://sim/__sim/push'))).json()) as {
      payload: string;
      ttl: number;
      topic: string;
      sender: string;
    }[];
  return { app, subscription, path, push, delivered };
}

describe("the simulator's push service", () => {
  it('issues subscriptions shaped as a browser gives them', async () => {
    const { subscription } = await setUp();
    expect(subscription.endpoint).toMatch(/^https:\/\/push\.simulator\.invalid\/push\/sub-1-/);
    expect(Buffer.from(subscription.keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(subscription.keys.auth, 'base64url')).toHaveLength(16);
  });

  it('takes a signed, encrypted push and decrypts it with the subscription’s keys', async () => {
    const { push, delivered } = await setUp();
    const response = await push({ title: 'Xûr has arrived', body: 'Hawkmoon' });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(/^\/push\/sub-1-/);
    expect(await delivered()).toEqual([
      expect.objectContaining({
        payload: JSON.stringify({ title: 'Xûr has arrived', body: 'Hawkmoon' }),
        ttl: 3600,
        topic: 'xur',
        sender: 'mailto:ops@example.com'
      })
    ]);
  });

  it.each<
    [string, (s: Awaited<ReturnType<typeof setUp>>) => Response | Promise<Response>, number, RegExp]
  >([
    [
      'a push signed with another key than the subscription was made for',
      async ({ push }) => push('x', { keys: await vapidKeys() }),
      403,
      /not the one this subscription was made for/
    ],
    [
      'a body changed on the way',
      ({ push }) =>
        push('x', {
          body: (body) => {
            const changed = body.slice();
            changed[changed.length - 1]! ^= 1;
            return changed;
          }
        }),
      400,
      /does not decrypt/
    ],
    [
      'a push to a subscription it never issued',
      ({ push }) => push('x', { to: '/push/sub-99-none' }),
      404,
      /No such subscription/
    ],
    [
      'a push without VAPID',
      ({ app, path }) =>
        app.fetch(
          new Request(`http://sim${path}`, {
            method: 'POST',
            headers: { 'content-encoding': 'aes128gcm', ttl: '60' },
            body: new Uint8Array(100)
          })
        ),
      401,
      /VAPID Authorization header is required/
    ]
  ])('refuses %s', async (_, act, status, reason) => {
    const setup = await setUp();
    const response = await act(setup);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { reason: string }).reason).toMatch(reason);
    expect(await setup.delivered()).toEqual([]);
  });

  it('answers 410 Gone once the browser dropped the subscription', async () => {
    const { app, path, push } = await setUp();
    const id = path.split('/').pop()!;
    await app.fetch(
      new Request(`http://sim/__sim/push/subscriptions/${id}/expire`, { method: 'POST' })
    );
    expect((await push('x')).status).toBe(410);
  });
});
