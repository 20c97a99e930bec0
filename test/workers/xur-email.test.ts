import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { XurNoticesResponse } from '../../src/lib/shared/api-shapes';
import { XUR_VISIT_KEY } from '../../workers/shard-publisher/src/xur-watch';
import { api, callJson, signIn, sim, type CookieJar, publisherAdmin } from './helpers';

interface Mail {
  to: string[];
  from: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

const admin = async (path: '/run' | '/xur') =>
  (await publisherAdmin(path)).json() as Promise<{
    outcome: string;
    channels?: Record<string, { delivered?: number }>;
  }>;
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
/**
 * What the app's page does when the reader clicks on it: posts the link's player and token, with
 * no cookie (the email may be read signed out).
 */
const click = (link: URL) =>
  api(`/api/xur-emails/${link.searchParams.get('do')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      player: link.searchParams.get('player'),
      token: link.searchParams.get('token')
    })
  });

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

    const confirm = linkIn(confirmation!, 'Confirm and start the emails');
    // The link opens a page that asks for a click: opening it (as a mail scanner does) does nothing.
    expect(confirm.pathname).toBe('/xur-email');
    expect(confirm.searchParams.get('do')).toBe('confirm');
    expect((await click(confirm)).status).toBe(200);
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
    expect(stock!.headers).toEqual({
      'List-Unsubscribe': expect.stringMatching(
        /^<https:\/\/vault\.example\/api\/xur-emails\/unsubscribe\?player=\d+&token=[\w-]{43}>$/
      ),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
    });

    // The email's own link ends them, after a click on the page it opens.
    const stop = linkIn(stock!, 'Stop these emails');
    expect(stop.searchParams.get('do')).toBe('stop');
    expect((await click(stop)).status).toBe(200);
    expect((await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).email).toBeNull();
  });

  it('refuses a link whose token is not the one sent, and a second request within a minute mails once', async () => {
    await ask(jar, address);
    expect((await ask(jar, address)).status).toBe(200);
    const mails = await mailTo(address);
    expect(mails).toHaveLength(1);
    const link = linkIn(mails[0]!, 'Confirm and start the emails');
    link.searchParams.set('token', 'A'.repeat(43));
    const refused = await click(link);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unknown_link');
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
    expect(
      (
        await api('/api/xur-emails/confirm', {
          method: 'POST',
          body: JSON.stringify({ player: '1', token: 'short' })
        })
      ).status
    ).toBe(400);
    expect((await env.NOTICES.list()).objects).toHaveLength(0);
  });

  it("stops at once from the mail client's own unsubscribe button (RFC 8058), which posts from elsewhere", async () => {
    await ask(jar, address);
    const [confirmation] = await mailTo(address);
    await click(linkIn(confirmation!, 'Confirm and start the emails'));
    await sim('/__sim/config', { xurWeek: 1 });
    await admin('/xur');
    const [, stock] = await mailTo(address);
    const oneClick = /^<(.+)>$/.exec(stock!.headers!['List-Unsubscribe']!)![1]!;
    const { pathname, search } = new URL(oneClick);
    // Opened in a browser instead, it leads to the page that asks first.
    const opened = await api(`${pathname}${search}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toMatch(/^\/xur-email\?do=stop&player=\d+&token=/);
    expect((await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).email).not.toBeNull();
    // The mail provider's post: another origin, a form body, no cookie.
    const posted = await api(`${pathname}${search}`, {
      method: 'POST',
      headers: {
        origin: 'https://mail.example',
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'List-Unsubscribe=One-Click'
    });
    expect(posted.status).toBe(200);
    expect((await callJson<XurNoticesResponse>(jar, '/api/notices/xur')).email).toBeNull();
  });
});
