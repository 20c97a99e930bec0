import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import {
  XUR_PUSH_PREFIX,
  type StoredPushSubscription
} from '../../../src/lib/domain/notices/push-subscription.ts';

/** The cron Worker's side of the push subscriptions the app keeps (layout in `domain/notices`). */
export function pushSubscriptions(bucket: R2Bucket) {
  return {
    /** Every stored subscription, a page of the listing at a time. */
    async *all(): AsyncGenerator<{ key: string; record: StoredPushSubscription }> {
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: XUR_PUSH_PREFIX, ...(cursor && { cursor }) });
        for (const object of page.objects) {
          const record = (await (await bucket.get(object.key))?.json()) as
            StoredPushSubscription | undefined;
          if (record) yield { key: object.key, record };
        }
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    },

    markNotified: (key: string, record: StoredPushSubscription, visit: string) =>
      bucket.put(key, JSON.stringify({ ...record, notified: visit }), {
        httpMetadata: { contentType: 'application/json' }
      }),

    drop: (key: string) => bucket.delete(key)
  };
}

export type PushSubscriptions = ReturnType<typeof pushSubscriptions>;
