import { Hono } from 'hono';
import * as v from 'valibot';
import {
  emailRequestSchema,
  mailRequest,
  requestEmail
} from '../../domain/notices/email-subscription.ts';
import { sameToken } from '../../domain/security/same-token.ts';
import {
  pushEndpointSchema,
  pushSubscriptionSchema
} from '../../domain/notices/push-subscription.ts';
import { confirmationEmail } from '../../domain/xur/xur-email.ts';
import type { XurNoticesResponse } from '../../shared/api-shapes';
import { randomToken } from '../auth/crypto';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { emailRegistry, mailConfigOf } from '../notices/email-registry';
import { isP256PublicKey, pushRegistry } from '../notices/push-registry';
import { int64Id, parseInput, readJsonBody } from '../validate';

type Env = AppEnv['Bindings'];

/** A link's query: the player (a Destiny membership id) and the secret only their emails carry. */
const emailLinkSchema = v.strictObject({
  player: int64Id,
  token: v.pipe(v.string(), v.regex(/^[\w-]{43}$/))
});

/**
 * `/api/notices/xur`: the signed-in player's wishes to hear of Xûr's arrival. `push` is this
 * device's browser subscription (`PUT` stores or renews it, `DELETE` with its endpoint forgets
 * it); `email` is one address a player, mailed only once confirmed from the email sent to it.
 * The cron Worker reads both when he arrives. A deployment without VAPID keys or a mail API
 * offers neither, and says so.
 */
export function noticeRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  const membershipOf = (c: { get(key: 'player'): AppEnv['Variables']['player'] }) =>
    c.get('player').record().membership.membershipId;
  const pushOf = (env: Env) => {
    if (!env.VAPID_PUBLIC_KEY)
      throw new ApiError(
        501,
        'push_unavailable',
        'This server does not send push notices (it has no VAPID key).'
      );
    return pushRegistry(env.NOTICES);
  };
  const mailOf = (env: Env) => {
    const config = mailConfigOf(env);
    if (!config) throw new ApiError(501, 'email_unavailable', 'This server does not send email.');
    return config;
  };

  app.get('/xur', async (c) => {
    const record = await emailRegistry(c.env.NOTICES).read(membershipOf(c));
    return c.json<XurNoticesResponse>({
      push: Boolean(c.env.VAPID_PUBLIC_KEY),
      mail: Boolean(mailConfigOf(c.env)),
      email: record ? { address: record.address, confirmed: record.confirmed } : null
    });
  });

  app.put('/xur/push', async (c) => {
    const registry = pushOf(c.env);
    const subscription = parseInput(
      pushSubscriptionSchema,
      // A subscription is under 1 KB; the exotics a player owns add up to 2,000 hashes.
      await readJsonBody(c.req.raw, 32 * 1024),
      'subscription'
    );
    if (!(await isP256PublicKey(subscription.keys.p256dh)))
      throw new ApiError(
        400,
        'invalid_input',
        'Invalid subscription: keys.p256dh: must be a P-256 public key'
      );
    await registry.save(membershipOf(c), subscription, new Date());
    return c.json({ push: true });
  });

  app.delete('/xur/push', async (c) => {
    const registry = pushOf(c.env);
    const { endpoint } = parseInput(
      pushEndpointSchema,
      await readJsonBody(c.req.raw, 4096),
      'body'
    );
    await registry.remove(membershipOf(c), endpoint);
    return c.json({ push: false });
  });

  app.put('/xur/email', async (c) => {
    const mail = mailOf(c.env);
    const { address } = parseInput(emailRequestSchema, await readJsonBody(c.req.raw), 'body');
    const registry = emailRegistry(c.env.NOTICES);
    const membershipId = membershipOf(c);
    const { record, sendConfirmation, limited } = requestEmail(
      await registry.read(membershipId),
      membershipId,
      address,
      randomToken(),
      new Date()
    );
    if (limited)
      throw new ApiError(
        429,
        'too_many_emails',
        'Enough confirmation emails for today. Try again tomorrow, or confirm one already sent.'
      );
    if (sendConfirmation) {
      const link = new URL('/xur-email', c.req.url);
      link.search = new URLSearchParams({
        do: 'confirm',
        player: membershipId,
        token: record.token
      }).toString();
      const response = await fetch(
        mailRequest(mail, { to: address, ...confirmationEmail(link.href) })
      );
      if (!response.ok)
        throw new ApiError(
          502,
          'email_refused',
          `The mail service refused the confirmation email (HTTP ${response.status}). Try again later.`
        );
    }
    await registry.write(record);
    return c.json<XurNoticesResponse['email']>({
      address: record.address,
      confirmed: record.confirmed
    });
  });

  app.delete('/xur/email', async (c) => {
    await emailRegistry(c.env.NOTICES).remove(membershipOf(c));
    return c.json({ email: null });
  });
  return app;
}

/** Where a mail client's own unsubscribe button posts (RFC 8058), from its servers: no Origin. */
export const XUR_EMAIL_UNSUBSCRIBE_PATH = '/api/xur-emails/unsubscribe';

/**
 * `/api/xur-emails/…`: what the links in the emails do. A link opens the app's `/xur-email` page,
 * which asks for a click before anything happens (mail scanners open every link in an email, so a
 * link alone must neither confirm an address nor stop the emails), then posts here. None takes a
 * session: the email may be read on another device, signed out. The player's id and the token
 * only their emails carry are the credential. `unsubscribe` is RFC 8058's one-click endpoint, named
 * in each email's `List-Unsubscribe`; opened in a browser instead, it leads to the page.
 */
export function xurEmailLinkRoutes() {
  const app = new Hono<AppEnv>();
  const recordFor = async (env: Env, link: { player: string; token: string }) => {
    const registry = emailRegistry(env.NOTICES);
    const record = await registry.read(link.player);
    return { registry, record: record && sameToken(link.token, record.token) ? record : undefined };
  };
  const unknownLink = () =>
    new ApiError(
      404,
      'unknown_link',
      'This link is no longer valid: the address was changed or the emails were stopped.'
    );

  app.post('/confirm', async (c) => {
    const link = parseInput(emailLinkSchema, await readJsonBody(c.req.raw), 'link');
    const { registry, record } = await recordFor(c.env, link);
    if (!record) throw unknownLink();
    if (!record.confirmed) await registry.write({ ...record, confirmed: true });
    return c.json({ address: record.address, confirmed: true });
  });

  app.post('/stop', async (c) => {
    const link = parseInput(emailLinkSchema, await readJsonBody(c.req.raw), 'link');
    const { registry, record } = await recordFor(c.env, link);
    // Stopped already, or replaced by another address since: nothing of this link's is mailed.
    if (record) await registry.remove(link.player);
    return c.json({ stopped: true });
  });

  app.post('/unsubscribe', async (c) => {
    const link = parseInput(emailLinkSchema, c.req.query(), 'link');
    const { registry, record } = await recordFor(c.env, link);
    if (record) await registry.remove(link.player);
    return c.json({ stopped: true });
  });
  app.get('/unsubscribe', (c) => {
    const link = parseInput(emailLinkSchema, c.req.query(), 'link');
    return c.redirect(`/xur-email?${new URLSearchParams({ do: 'stop', ...link })}`, 303);
  });
  return app;
}
