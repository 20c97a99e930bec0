import * as v from 'valibot';

/**
 * A browser's push subscription as `PushSubscription.toJSON()` gives it: an https endpoint at the
 * browser's push service, the P-256 public key (65 bytes) and the 16-byte auth secret that the
 * payload is encrypted for, both base64url; `expirationTime` is taken and not kept.
 */
/**
 * The browsers' push services, by host: Chrome, Edge, Opera and Samsung Internet (Firebase Cloud
 * Messaging), Firefox (Mozilla's autopush), Safari (Apple), Edge on Windows (WNS). The cron Worker
 * sends only to these, so a stored "subscription" cannot make it post to any other host. The
 * simulator's stand-in, under the reserved `.invalid` name, resolves nowhere outside tests.
 */
const PUSH_SERVICE_HOSTS = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  'web.push.apple.com',
  'push.simulator.invalid'
];
const PUSH_SERVICE_SUFFIXES = ['.push.apple.com', '.notify.windows.com'];

export function isKnownPushService(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    (PUSH_SERVICE_HOSTS.includes(url.hostname) ||
      PUSH_SERVICE_SUFFIXES.some((suffix) => url.hostname.endsWith(suffix)))
  );
}

/** More than every exotic in the game (about 500 weapons and armor pieces in 2026). */
export const MAX_OWNED_EXOTICS = 2000;

/** How many devices of one player hear of Xûr; a new one past this replaces the oldest. */
export const MAX_PUSH_DEVICES = 10;

export const pushSubscriptionSchema = v.strictObject({
  endpoint: v.pipe(
    v.string(),
    v.maxLength(2048),
    v.url(),
    v.check(isKnownPushService, "must be a browser's push service")
  ),
  expirationTime: v.optional(v.nullable(v.number())),
  keys: v.strictObject({
    p256dh: v.pipe(v.string(), v.regex(/^[\w-]{87}=?$/, 'must be a base64url P-256 public key')),
    auth: v.pipe(v.string(), v.regex(/^[\w-]{22}(==)?$/, 'must be a base64url 16-byte secret'))
  }),
  /**
   * "Only when he sells an exotic I do not own": the item hashes of the exotics the player holds,
   * as the device last saw them. Absent: every visit.
   */
  ownedExotics: v.optional(
    v.pipe(
      v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4_294_967_295))),
      v.maxLength(MAX_OWNED_EXOTICS)
    )
  )
});

export type PushSubscriptionJson = Omit<
  v.InferOutput<typeof pushSubscriptionSchema>,
  'expirationTime'
>;

export const pushEndpointSchema = v.strictObject({
  endpoint: pushSubscriptionSchema.entries.endpoint
});

/**
 * Who asked for Xûr's notices, kept in the private `NOTICES` bucket: one object a device, under
 * its player (`xur/v1/push/<membershipId>/<digest of the endpoint>.json`), so the app Worker adds
 * and removes a device's subscription without touching another's, and the cron Worker lists them
 * all with R2's paged listing (a Durable Object per player cannot be listed across players).
 */
export const XUR_PUSH_PREFIX = 'xur/v1/push/';

export interface StoredPushSubscription extends PushSubscriptionJson {
  membershipId: string;
  createdAt: string;
  /** The last visit this device was told of, so a retry never tells it twice. */
  notified?: string;
}

/** Where one player's devices are listed. */
export const xurPushPrefixOf = (membershipId: string) => `${XUR_PUSH_PREFIX}${membershipId}/`;

/** The object's key; `endpointDigest` is the hex SHA-256 of the endpoint (a fixed-length, safe name). */
export function xurPushKey(membershipId: string, endpointDigest: string): string {
  return `${xurPushPrefixOf(membershipId)}${endpointDigest.slice(0, 32)}.json`;
}

/** A device's record after it (re)subscribed: new keys, and what it was already told kept. */
export function renewedSubscription(
  known: StoredPushSubscription | undefined,
  membershipId: string,
  subscription: PushSubscriptionJson,
  now: Date
): StoredPushSubscription {
  return {
    membershipId,
    endpoint: subscription.endpoint,
    keys: subscription.keys,
    ...(subscription.ownedExotics && { ownedExotics: subscription.ownedExotics }),
    createdAt: known?.createdAt ?? now.toISOString(),
    ...(known?.notified && { notified: known.notified })
  };
}
