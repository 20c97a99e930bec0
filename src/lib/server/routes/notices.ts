import { Hono } from 'hono';
import {
  emailLinkSchema,
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
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { emailRegistry, mailConfigOf } from '../notices/email-registry';
import { pushRegistry } from '../notices/push-registry';
import { parseInput, readJsonBody } from '../validate';

type Env = AppEnv['Bindings'];

const randomToken = () =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

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
      await readJsonBody(c.req.raw, 4096),
      'subscription'
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
    const { record, sendConfirmation } = requestEmail(
      await registry.read(membershipId),
      membershipId,
      address,
      randomToken(),
      new Date()
    );
    if (sendConfirmation) {
      const link = new URL('/api/xur-emails/confirm', c.req.url);
      link.search = new URLSearchParams({ player: membershipId, token: record.token }).toString();
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

/**
 * `/api/xur-emails/confirm` and `/stop`: the links in the emails, opened from a mail client
 * (perhaps on another device, signed out), so they take no session: the player's id and the
 * secret token only their emails carry. Each leads to Settings, which says what happened.
 */
export function xurEmailLinkRoutes() {
  const app = new Hono<AppEnv>();
  const outcome = (c: { redirect(url: string, status: 303): Response }, what: string) =>
    c.redirect(`/settings?xur-email=${what}`, 303);

  app.get('/confirm', async (c) => {
    const { player, token } = parseInput(emailLinkSchema, c.req.query(), 'link');
    const registry = emailRegistry(c.env.NOTICES);
    const record = await registry.read(player);
    if (!record || !sameToken(token, record.token)) return outcome(c, 'unknown');
    if (!record.confirmed) await registry.write({ ...record, confirmed: true });
    return outcome(c, 'confirmed');
  });

  app.get('/stop', async (c) => {
    const { player, token } = parseInput(emailLinkSchema, c.req.query(), 'link');
    const registry = emailRegistry(c.env.NOTICES);
    const record = await registry.read(player);
    // A link of an address since replaced stops nothing; one already stopped says so all the same.
    if (record && !sameToken(token, record.token)) return outcome(c, 'unknown');
    if (record) await registry.remove(player);
    return outcome(c, 'stopped');
  });
  return app;
}
