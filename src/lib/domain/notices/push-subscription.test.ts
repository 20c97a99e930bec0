import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isKnownPushService, pushSubscriptionSchema } from './push-subscription.ts';

describe('isKnownPushService', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc:APA91b', true],
    ['https://updates.push.services.mozilla.com/wpush/v2/gAAAA', true],
    ['https://web.push.apple.com/QGuQyavXutnMH', true],
    ['https://api.push.apple.com/3/device/x', true],
    ['https://wns2-by3p.notify.windows.com/w/?token=BQYAAA', true],
    ['https://push.simulator.invalid/push/sub-1', true],
    ['http://fcm.googleapis.com/fcm/send/abc', false],
    ['https://fcm.googleapis.com:8443/fcm/send/abc', false],
    ['https://user@fcm.googleapis.com/fcm/send/abc', false],
    ['https://fcm.googleapis.com.evil.example/x', false],
    ['https://evilnotify.windows.com/x', false],
    ['https://example.com/push', false],
    ['https://127.0.0.1/push', false],
    ['not a url', false]
  ])('%s → %s', (endpoint, known) => expect(isKnownPushService(endpoint)).toBe(known));
});

describe('pushSubscriptionSchema', () => {
  const keys = { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) };
  it('takes what a browser gives, and only a push service', () => {
    expect(
      v.safeParse(pushSubscriptionSchema, {
        endpoint: 'https://fcm.googleapis.com/fcm/send/x',
        expirationTime: null,
        keys
      }).success
    ).toBe(true);
    expect(
      v.safeParse(pushSubscriptionSchema, { endpoint: 'https://example.com/hook', keys }).success
    ).toBe(false);
  });
});
