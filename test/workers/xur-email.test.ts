import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { XurNoticesResponse } from '../../src/lib/shared/api-shapes';
import publisher from '../../workers/shard-publisher/src/index';
import { XUR_VISIT_KEY } from '../../workers/shard-publisher/src/xur-watch';
import { api, callJson, signIn, sim, type CookieJar } from './helpers';

interface Mail {
  to: string[];
  from: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

const admin = async (path: string) =>
  (
    await publisher.fetch(
      new Request(`https://publisher.example${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` }
      }) as never,
      env,
      createExecutionContext()
    )
  ).json() as Promise<{ outcome: string; channels?: Record<string, { delivered?: number }> }>;
const mailTo = async (address: string) =>
  ((await (await sim('/__sim/mail')).json()) as Mail[]).filter((m) => m.to.includes(address));
const ask = (jar: CookieJar, address: string) =>
  api('/api/notices/xur/email', {
    method: 'PUT',
    jar,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ address })
  });
/** The link in an email's text that starts with `label: `. */
const linkIn = (mail: Mail, label: string) =>
  new URL(new RegExp(`${label}: (\\S+)`).exec(mail.text)![1]!);
/** Opens a link from an email: no cookie, as from a mail client; answers where it leads. */
const open = async (link: URL) => {
  const response = await api(`${link.pathname}${link.search}`);
  expect(response.status).toBe(303);
  return response.headers.get('location');
};

let jar: CookieJar;
let address: string;

beforeAll(async () => {
  await sim('/__sim/reset', {});
  jar = (await signIn()).jar;
  // The item names come from the published shards.
  expect((await admin('/run')).outcome).not.toBe('failed');
}, 60_000);

beforeEach(async () => {
  await env.SHARDS.delete(XUR_VISIT_KEY);
  for (const o of (await env.NOTICES.list()).objects) await env.NOTICES.delete(o.key);
  await sim('/__sim/config', { xur: true, xurWeek: 0 });
  address = `guardian-${crypto.randomUUID().slice(0, 8)}@example.com`;
});

describe("Xûr's stock by email", () => {
  it('mails nothing until the address is confirmed from the email sent to it, then his stock once a visit', async () => {
    expect((await ask(jar, address)).status).toBe(200);
    expect(await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).toEqual({
      push: true,
      mail: true,
      email: { address, confirmed: false }
    });
    const [confirmation] = await mailTo(address);
    expect(confirmation!.subject).toBe('Confirm your Xûr emails from Vault Raider');
    expect(confirmation!.from).toBe('Vault Raider <xur@vault-raider.localhost>');

    // Unconfirmed: his arrival mails nothing.
    expect(await admin('/xur')).toMatchObject({ channels: { email: { delivered: 0 } } });
    expect(await mailTo(address)).toHaveLength(1);

    expect(await open(linkIn(confirmation!, 'Confirm and start the emails'))).toBe(
      '/settings?xur-email=confirmed'
    );
    expect((await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).email).toEqual({
      address,
      confirmed: true
    });

    await sim('/__sim/config', { xurWeek: 1 });
    expect(await admin('/xur')).toMatchObject({
      outcome: 'announced',
      channels: { email: { delivered: 1 } }
    });
    expect(await admin('/xur')).toEqual({ outcome: 'known' });
    const [, stock] = await mailTo(address);
    expect(stock!.subject).toMatch(/^Xûr has arrived: /);
    // Five exotics as the simulator sells them: icon, name, type and price, named from the shards.
    const rows = stock!.html.match(
      /<tr><td><img src="[^"]+\/common\/destiny2_content\/icons\/[^"]+" alt="[^"]+" width="48" height="48"><\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>97 Legendary Shards<\/td><\/tr>/g
    );
    expect(rows).toHaveLength(5);
    expect(stock!.html).not.toContain('Classified');
    expect(stock!.headers!['List-Unsubscribe']).toMatch(
      /^<https:\/\/vault\.example\/api\/xur-emails\/stop\?/
    );

    // The email's own link ends them.
    expect(await open(linkIn(stock!, 'Stop these emails'))).toBe('/settings?xur-email=stopped');
    expect((await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).email).toBeNull();
  });

  it('refuses a link whose token is not the one sent, and a second request within a minute mails once', async () => {
    await ask(jar, address);
    expect((await ask(jar, address)).status).toBe(200);
    const mails = await mailTo(address);
    expect(mails).toHaveLength(1);
    const link = linkIn(mails[0]!, 'Confirm and start the emails');
    link.searchParams.set('token', 'A'.repeat(43));
    expect(await open(link)).toBe('/settings?xur-email=unknown');
    expect((await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).email!.confirmed).toBe(
      false
    );
  });

  it('refuses what is not an address, and anyone signed out', async () => {
    for (const bad of ['not an address', '', `${'a'.repeat(250)}@example.com`]) {
      const response = await ask(jar, bad);
      expect(response.status).toBe(400);
    }
    expect((await ask(new (jar.constructor as new () => CookieJar)(), address)).status).toBe(401);
    expect((await api('/api/xur-emails/confirm?player=1&token=short')).status).toBe(400);
    expect((await env.NOTICES.list()).objects).toHaveLength(0);
  });
});
