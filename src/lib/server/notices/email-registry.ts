import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import {
  xurEmailKey,
  type MailConfig,
  type StoredEmailSubscription
} from '../../domain/notices/email-subscription.ts';
import type { ApiEnv } from '../env';

/** The app's side of the email wishes (layout in `domain/notices`): one record a player. */
export function emailRegistry(bucket: R2Bucket) {
  return {
    async read(membershipId: string): Promise<StoredEmailSubscription | undefined> {
      return (await (await bucket.get(xurEmailKey(membershipId)))?.json()) ?? undefined;
    },
    async write(record: StoredEmailSubscription): Promise<void> {
      await bucket.put(xurEmailKey(record.membershipId), JSON.stringify(record), {
        httpMetadata: { contentType: 'application/json' }
      });
    },
    async remove(membershipId: string): Promise<void> {
      await bucket.delete(xurEmailKey(membershipId));
    }
  };
}

/** The deployment's mail API, when it has one (all three settings). */
export function mailConfigOf(env: ApiEnv): MailConfig | undefined {
  return env.MAIL_API_URL && env.MAIL_API_KEY && env.MAIL_FROM
    ? { url: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: env.MAIL_FROM }
    : undefined;
}
