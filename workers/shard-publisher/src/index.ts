import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types/index.ts';
import type { PublisherEnv } from './env.ts';
import { createManifestSource } from './manifest-source.ts';
import { describeRun, runCheck, type RunSummary } from './publish.ts';
import { createR2ShardStore } from './shard-store.ts';
import { createWishlistSource } from './wishlist.ts';
import { sameToken } from '../../../src/lib/domain/security/same-token.ts';
import { emailChannel } from './email-channel.ts';
import { pushChannel } from './push-channel.ts';
import { pushSubscriptions } from './push-subscriptions.ts';
import {
  watchXur,
  webhookChannel,
  xurWatchDeps,
  type WatchOutcome,
  type XurChannel
} from './xur-watch.ts';

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  );
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function runFor(env: PublisherEnv): Promise<RunSummary> {
  const notifyUrl = env.NOTIFY_WEBHOOK_URL;
  return runCheck({
    source: createManifestSource({
      fetch: (input, init) => fetch(input, init),
      baseUrl: env.BUNGIE_BASE_URL,
      apiKey: env.BUNGIE_API_KEY
    }),
    store: createR2ShardStore(env.SHARDS),
    ...(env.WISHLIST_URL
      ? { wishlist: createWishlistSource((input, init) => fetch(input, init), env.WISHLIST_URL) }
      : {}),
    digest: sha256Hex,
    now: Date.now,
    notify: notifyUrl
      ? async (summary) => {
          await fetch(notifyUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: describeRun(summary) })
          });
        }
      : undefined
  });
}

/** Where the Bungie simulator's stand-in push service claims to be (its subscriptions' endpoints). */
const SIM_PUSH_ORIGIN = 'https://push.simulator.invalid';

/** Pushes go to the subscription's push service; locally, the simulator's is reached at its real address. */
function pushFetch(env: PublisherEnv) {
  return (request: Request) => {
    const url = new URL(request.url);
    if (env.SIM_PUSH_SERVICE_URL && url.origin === SIM_PUSH_ORIGIN)
      return fetch(new Request(`${env.SIM_PUSH_SERVICE_URL}${url.pathname}`, request));
    return fetch(request);
  };
}

/** The channels this deployment has: the webhook, Web Push with VAPID keys, email with a mail API. */
export function xurChannels(env: PublisherEnv): XurChannel[] {
  const channels: XurChannel[] = [];
  if (env.NOTIFY_WEBHOOK_URL)
    channels.push(webhookChannel((request) => fetch(request), env.NOTIFY_WEBHOOK_URL));
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
    channels.push(
      pushChannel({
        registry: pushSubscriptions(env.NOTICES),
        vapid: {
          publicKey: env.VAPID_PUBLIC_KEY,
          privateKey: env.VAPID_PRIVATE_KEY,
          subject: env.VAPID_SUBJECT || 'mailto:admin@localhost'
        },
        fetch: pushFetch(env)
      })
    );
  if (env.MAIL_API_URL && env.MAIL_API_KEY && env.MAIL_FROM && env.APP_URL)
    channels.push(
      emailChannel({
        bucket: env.NOTICES,
        mail: { url: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: env.MAIL_FROM },
        appUrl: env.APP_URL,
        imageOrigin: new URL(env.BUNGIE_BASE_URL).origin,
        fetch: (request) => fetch(request)
      })
    );
  return channels;
}

/** One look for Xûr's arrival, announced once per visit on each channel; with none there is no one to tell. */
export function watchXurFor(env: PublisherEnv): Promise<WatchOutcome | { outcome: 'no-channel' }> {
  const channels = xurChannels(env);
  if (!channels.length) return Promise.resolve({ outcome: 'no-channel' });
  return watchXur(
    xurWatchDeps({
      fetch: (request) => fetch(request),
      baseUrl: env.BUNGIE_BASE_URL,
      apiKey: env.BUNGIE_API_KEY,
      bucket: env.SHARDS,
      channels
    })
  );
}

const admin = new Hono<{ Bindings: PublisherEnv }>();
/** Runs on demand take the admin token; the status is for anyone. */
const adminOnly = createMiddleware<{ Bindings: PublisherEnv }>(async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (!sameToken(token, c.env.ADMIN_TOKEN ?? ''))
    return c.json(
      { error: { code: 'unauthorized', message: 'A valid admin token is required.' } },
      401
    );
  await next();
});
admin.post('/run', adminOnly, async (c) => {
  const summary = await runFor(c.env);
  return c.json(summary, summary.outcome === 'failed' ? 502 : 200);
});
admin.post('/xur', adminOnly, async (c) => c.json(await watchXurFor(c.env)));
admin.get('/status', async (c) => {
  const store = createR2ShardStore(c.env.SHARDS);
  const [index, lastRun] = await Promise.all([store.readIndex(), store.readStatus()]);
  return c.json({
    current: index
      ? {
          version: index.version,
          publishedAt: index.publishedAt,
          itemCount: index.itemCount,
          buckets: index.buckets.length
        }
      : null,
    lastRun: lastRun ?? null
  });
});
admin.notFound((c) =>
  c.json({ error: { code: 'not_found', message: 'POST /run, POST /xur or GET /status' } }, 404)
);

export default {
  fetch: (request: Request, env: PublisherEnv, ctx: ExecutionContext) =>
    admin.fetch(request, env, ctx),
  scheduled(_controller: ScheduledController, env: PublisherEnv, ctx: ExecutionContext) {
    // Each tick also looks for Xûr; neither job's failure stops the other.
    ctx.waitUntil(Promise.allSettled([runFor(env), watchXurFor(env)]));
  }
};
