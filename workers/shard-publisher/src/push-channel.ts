import { buildPushPayload, type VapidKeys } from '@block65/webcrypto-web-push';
import type { Fetch } from '../../../src/lib/bungie/client/http.ts';
import type { PushSubscriptions } from './push-subscriptions.ts';
import type { XurChannel } from './xur-watch.ts';

/** Push services keep a message at most four weeks; his visit is shorter. */
const MAX_TTL_SECONDS = 4 * 7 * 24 * 3600;

/**
 * Web Push: each stored subscription gets the notice, signed with the VAPID keys and encrypted
 * for its browser (`aes128gcm`, padded to a constant size by the library). A device already told
 * of this visit is skipped, so a retry tells only the rest; a subscription its push service calls
 * gone (404, 410) is removed; any other refusal is retried on the next run.
 */
export function pushChannel(options: {
  registry: PushSubscriptions;
  vapid: VapidKeys;
  fetch: Fetch;
}): XurChannel {
  const { registry, vapid, fetch } = options;
  return {
    name: 'push',
    async send({ visit, notice, secondsLeft }) {
      let delivered = 0;
      let removed = 0;
      const failures: string[] = [];
      for await (const { key, record } of registry.all()) {
        if (record.notified === visit) continue;
        const request = await buildPushPayload(
          {
            data: { ...notice },
            // One notice of his stock at a time: a newer one replaces it while still undelivered.
            options: { ttl: Math.min(Math.max(secondsLeft, 60), MAX_TTL_SECONDS), topic: 'xur' }
          },
          { endpoint: record.endpoint, expirationTime: null, keys: record.keys },
          vapid
        );
        let status: number;
        try {
          status = (
            await fetch(
              new Request(record.endpoint, {
                method: 'POST',
                headers: request.headers,
                body: request.body
              })
            )
          ).status;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
          continue;
        }
        if (status === 404 || status === 410) {
          await registry.drop(key);
          removed++;
        } else if (status >= 200 && status < 300) {
          await registry.markNotified(key, record, visit);
          delivered++;
        } else {
          failures.push(`HTTP ${status}`);
        }
      }
      if (failures.length)
        throw new Error(
          `${failures.length} push${failures.length === 1 ? '' : 'es'} refused (${[...new Set(failures)].join(', ')}); ${delivered} delivered`
        );
      return { delivered, removed };
    }
  };
}
