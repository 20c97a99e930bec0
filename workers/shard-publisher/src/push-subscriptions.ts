import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import {
  XUR_PUSH_PREFIX,
  type StoredPushSubscription
} from '../../../src/lib/domain/notices/push-subscription.ts';

/** The cron Worker's side of the push subscriptions the app keeps (layout in `domain/notices`). */
export function pushSubscriptions(bucket: R2Bucket) {
  return {
    /** Every stored subscription, a page of the listing at a time. */
    async *all(): AsyncGenerator<{ key: string; etag: string; record: StoredPushSubscription }> {
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: XUR_PUSH_PREFIX, ...(cursor && { cursor }) });
        for (const object of page.objects) {
          const stored = await bucket.get(object.key);
          if (stored)
            yield {
              key: object.key,
              etag: stored.etag,
              record: (await stored.json()) as StoredPushSubscription
            };
        }
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    },

    /**
     * Marks a device told of `visit`, only if its record is still the one read: a device stopped
     * or renewed meanwhile is not brought back.
     */
    markNotified: (key: string, etag: string, record: StoredPushSubscription, visit: string) =>
      bucket.put(key, JSON.stringify({ ...record, notified: visit }), {
        httpMetadata: { contentType: 'application/json' },
        onlyIf: { etagMatches: etag }
      }),

    drop: (key: string) => bucket.delete(key)
  };
}

export type PushSubscriptions = ReturnType<typeof pushSubscriptions>;
