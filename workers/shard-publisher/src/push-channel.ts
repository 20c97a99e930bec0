import { buildPushPayload, type VapidKeys } from '@block65/webcrypto-web-push';
import type { Fetch } from '../../../src/lib/bungie/client/http.ts';
import { isKnownPushService } from '../../../src/lib/domain/notices/push-subscription.ts';
import { lackedExotics, lackedExoticsNotice } from '../../../src/lib/domain/xur/arrival.ts';
import type { PushSubscriptions } from './push-subscriptions.ts';
import type { XurChannel } from './xur-watch.ts';

/** Push services keep a message at most four weeks; his visit is shorter. */
const MAX_TTL_SECONDS = 4 * 7 * 24 * 3600;
const PUSH_TIMEOUT_MS = 10_000;

/** A stored subscription no push can ever be built or sent for. */
class Unusable extends Error {}

/**
 * Web Push: each stored subscription gets the notice, signed with the VAPID keys and encrypted
 * for its browser (`aes128gcm`, padded to a constant size by the library). A device already told
 * of this visit is skipped, so a retry tells only the rest. A subscription its push service calls
 * gone (404, 410) or refuses for good (another 4xx: a key it cannot use, a VAPID key it was not
 * made for) is removed, as is one no push can be built for; a throttle (429), a server error or
 * no answer within 10 s is tried again on the next run.
 */
export function pushChannel(options: {
  registry: PushSubscriptions;
  vapid: VapidKeys;
  fetch: Fetch;
}): XurChannel {
  const { registry, vapid, fetch } = options;
  return {
    name: 'push',
    async send({ visit, notice, secondsLeft, stock, wordsOf }) {
      let delivered = 0;
      let removed = 0;
      let skipped = 0;
      const failures: string[] = [];
      for await (const { key, etag, record } of registry.all()) {
        if (record.notified === visit) continue;
        // A player waiting only for an exotic they lack hears of this visit only if he sells one.
        const lacked = record.ownedExotics
          ? lackedExotics(stock, wordsOf, new Set(record.ownedExotics))
          : undefined;
        if (lacked?.length === 0) {
          skipped++;
          continue;
        }
        const data = lacked ? lackedExoticsNotice(notice, lacked, wordsOf) : notice;
        let status: number;
        try {
          // Never one that is not a push service's (the edge stores no other; this guards old records).
          if (!isKnownPushService(record.endpoint)) throw new Unusable();
          const request = await buildPushPayload(
            {
              data: { ...data },
              // One notice of his stock at a time: a newer one replaces it while still undelivered.
              options: { ttl: Math.min(Math.max(secondsLeft, 60), MAX_TTL_SECONDS), topic: 'xur' }
            },
            { endpoint: record.endpoint, expirationTime: null, keys: record.keys },
            vapid
          ).catch(() => {
            throw new Unusable();
          });
          status = (
            await fetch(
              new Request(record.endpoint, {
                method: 'POST',
                headers: request.headers,
                body: request.body,
                // A push service answers itself: it never redirects, and a slow one must not hold the rest.
                redirect: 'manual',
                signal: AbortSignal.timeout(PUSH_TIMEOUT_MS)
              })
            )
          ).status;
        } catch (error) {
          if (!(error instanceof Unusable)) {
            failures.push(error instanceof Error ? error.name : String(error));
            continue;
          }
          status = 400;
        }
        if (status >= 200 && status < 300) {
          await registry.markNotified(key, etag, record, visit);
          delivered++;
        } else if (status === 429 || status >= 500) {
          failures.push(`HTTP ${status}`);
        } else {
          // Gone (404, 410), or refused for good (a key it cannot use, a VAPID key it was not made for).
          await registry.drop(key);
          removed++;
        }
      }
      if (failures.length)
        throw new Error(
          `${failures.length} push${failures.length === 1 ? '' : 'es'} refused (${[...new Set(failures)].join(', ')}); ${delivered} delivered`
        );
      return { delivered, removed, skipped };
    }
  };
}
