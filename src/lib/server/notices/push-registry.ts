import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import { fromBase64Url, sha256Hex } from '../auth/crypto';
import {
  MAX_PUSH_DEVICES,
  renewedSubscription,
  xurPushKey,
  xurPushPrefixOf,
  type PushSubscriptionJson,
  type StoredPushSubscription
} from '../../domain/notices/push-subscription.ts';

async function keyOf(membershipId: string, endpoint: string): Promise<string> {
  return xurPushKey(membershipId, await sha256Hex(endpoint));
}

/** The app's side of the push subscriptions (layout in `domain/notices`): a device added or removed. */
export function pushRegistry(bucket: R2Bucket) {
  return {
    /**
     * Adds a device, or renews it (each visit of the Xûr page or Settings does). A player's devices
     * are capped: a new one past the cap replaces the one not seen the longest (most likely a
     * browser long gone).
     */
    async save(membershipId: string, subscription: PushSubscriptionJson, now: Date) {
      const key = await keyOf(membershipId, subscription.endpoint);
      const known = (await (await bucket.get(key))?.json()) as StoredPushSubscription | undefined;
      if (!known) {
        const devices = (await bucket.list({ prefix: xurPushPrefixOf(membershipId) })).objects;
        const oldest = devices
          .sort((a, b) => a.uploaded.getTime() - b.uploaded.getTime())
          .slice(0, Math.max(0, devices.length - MAX_PUSH_DEVICES + 1));
        if (oldest.length) await bucket.delete(oldest.map((o) => o.key));
      }
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

/** Whether a subscription's key is a point on P-256, as a push can only be encrypted for one. */
export async function isP256PublicKey(base64url: string): Promise<boolean> {
  try {
    await crypto.subtle.importKey(
      'raw',
      fromBase64Url(base64url.replace(/=+$/, '')),
      { name: 'ECDH', namedCurve: 'P-256' },
      false,
      []
    );
    return true;
  } catch {
    return false;
  }
}
