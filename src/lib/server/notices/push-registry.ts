import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import {
  renewedSubscription,
  xurPushKey,
  type PushSubscriptionJson,
  type StoredPushSubscription
} from '../../domain/notices/push-subscription.ts';

async function keyOf(membershipId: string, endpoint: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint))
  );
  return xurPushKey(membershipId, [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''));
}

/** The app's side of the push subscriptions (layout in `domain/notices`): a device added or removed. */
export function pushRegistry(bucket: R2Bucket) {
  return {
    /** Adds a device, or renews its keys. */
    async save(membershipId: string, subscription: PushSubscriptionJson, now: Date) {
      const key = await keyOf(membershipId, subscription.endpoint);
      const known = (await (await bucket.get(key))?.json()) as StoredPushSubscription | undefined;
      await bucket.put(
        key,
        JSON.stringify(renewedSubscription(known, membershipId, subscription, now)),
        { httpMetadata: { contentType: 'application/json' } }
      );
    },

    async remove(membershipId: string, endpoint: string) {
      await bucket.delete(await keyOf(membershipId, endpoint));
    }
  };
}
