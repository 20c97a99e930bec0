import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import type { Fetch } from '../../../src/lib/bungie/client/http.ts';
import {
  mailRequest,
  XUR_EMAIL_PREFIX,
  type MailConfig,
  type StoredEmailSubscription
} from '../../../src/lib/domain/notices/email-subscription.ts';
import { renderXurEmail } from '../../../src/lib/domain/xur/xur-email.ts';
import { objectsUnder } from './r2-listing.ts';
import type { XurChannel } from './xur-watch.ts';

/** How long a throttled send waits, at most, before its one more try (longer: the next run). */
const MAX_THROTTLE_WAIT_MS = 5_000;

/**
 * Sends one message; a throttle (429, mail APIs allow a few a second) is waited out once, as long
 * as the API asks if that is short, before the message is left for the next run.
 */
async function sendPolitely(fetch: Fetch, message: Request): Promise<Response> {
  const first = await fetch(message.clone());
  if (first.status !== 429) return first;
  const asked = Number(first.headers.get('retry-after')) * 1000 || 1000;
  if (asked > MAX_THROTTLE_WAIT_MS) return first;
  await new Promise((resolve) => setTimeout(resolve, asked));
  return fetch(message);
}

/**
 * Email: each confirmed address gets his stock as an HTML email (and plain text), with a link that
 * ends the emails at once, also offered to mail clients as `List-Unsubscribe`. An address already
 * mailed about this visit is skipped, so a retry mails only the rest.
 */
export function emailChannel(options: {
  bucket: R2Bucket;
  mail: MailConfig;
  /** The app's origin, for the links in the email. */
  appUrl: string;
  imageOrigin: string;
  fetch: Fetch;
}): XurChannel {
  const { bucket, mail, appUrl, imageOrigin, fetch } = options;
  return {
    name: 'email',
    async send({ visit, stock, wordsOf }) {
      let delivered = 0;
      const failures: string[] = [];
      for await (const { key, object: stored } of objectsUnder(bucket, XUR_EMAIL_PREFIX)) {
        const record = (await stored.json()) as StoredEmailSubscription;
        if (!record.confirmed || record.notified === visit) continue;
        const link = { player: record.membershipId, token: record.token };
        const stop = new URL('/xur-email', appUrl);
        stop.search = new URLSearchParams({ do: 'stop', ...link }).toString();
        const oneClick = new URL('/api/xur-emails/unsubscribe', appUrl);
        oneClick.search = new URLSearchParams(link).toString();
        const email = renderXurEmail(stock, wordsOf, {
          imageOrigin,
          xurPage: new URL('/xur', appUrl).href,
          stop: stop.href
        });
        const message = mailRequest(mail, {
          to: record.address,
          ...email,
          headers: {
            'List-Unsubscribe': `<${oneClick.href}>`,
            // RFC 8058: the mail client's own unsubscribe button posts to the link, at once.
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
          }
        });
        const response = await sendPolitely(fetch, message).catch(
          (error: unknown) => error as Error
        );
        if (response instanceof Response && response.ok) {
          // Only if still the record read: an address stopped or changed meanwhile stays so.
          await bucket.put(key, JSON.stringify({ ...record, notified: visit }), {
            httpMetadata: { contentType: 'application/json' },
            onlyIf: { etagMatches: stored.etag }
          });
          delivered++;
        } else
          failures.push(
            response instanceof Response ? `HTTP ${response.status}` : response.message
          );
      }
      if (failures.length)
        throw new Error(
          `${failures.length} email${failures.length === 1 ? '' : 's'} refused (${[...new Set(failures)].join(', ')}); ${delivered} sent`
        );
      return { delivered };
    }
  };
}
