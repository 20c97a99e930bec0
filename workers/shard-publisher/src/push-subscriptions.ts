import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import {
  XUR_PUSH_PREFIX,
  type StoredPushSubscription
} from '../../../src/lib/domain/notices/push-subscription.ts';
import { objectsUnder } from './r2-listing.ts';

/** The cron Worker's side of the push subscriptions the app keeps (layout in `domain/notices`). */
export function pushSubscriptions(bucket: R2Bucket) {
  return {
    /** Every stored subscription, a page of the listing at a time. */
    async *all(): AsyncGenerator<{ key: string; etag: string; record: StoredPushSubscription }> {
      for await (const { key, object } of objectsUnder(bucket, XUR_PUSH_PREFIX))
        yield { key, etag: object.etag, record: (await object.json()) as StoredPushSubscription };
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
