import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import type { Fetch } from '../../../src/lib/bungie/client/http.ts';
import {
  mailRequest,
  XUR_EMAIL_PREFIX,
  type MailConfig,
  type StoredEmailSubscription
} from '../../../src/lib/domain/notices/email-subscription.ts';
import { renderXurEmail } from '../../../src/lib/domain/xur/xur-email.ts';
import type { XurChannel } from './xur-watch.ts';

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
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: XUR_EMAIL_PREFIX, ...(cursor && { cursor }) });
        for (const object of page.objects) {
          const record = (await (await bucket.get(object.key))?.json()) as
            StoredEmailSubscription | undefined;
          if (!record?.confirmed || record.notified === visit) continue;
          const stop = new URL('/api/xur-emails/stop', appUrl);
          stop.search = new URLSearchParams({
            player: record.membershipId,
            token: record.token
          }).toString();
          const email = renderXurEmail(stock, wordsOf, {
            imageOrigin,
            xurPage: new URL('/xur', appUrl).href,
            stop: stop.href
          });
          const response = await fetch(
            mailRequest(mail, {
              to: record.address,
              ...email,
              headers: { 'List-Unsubscribe': `<${stop.href}>` }
            })
          ).catch((error: unknown) => error as Error);
          if (response instanceof Response && response.ok) {
            await bucket.put(object.key, JSON.stringify({ ...record, notified: visit }), {
              httpMetadata: { contentType: 'application/json' }
            });
            delivered++;
          } else
            failures.push(
              response instanceof Response ? `HTTP ${response.status}` : response.message
            );
        }
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      if (failures.length)
        throw new Error(
          `${failures.length} email${failures.length === 1 ? '' : 's'} refused (${[...new Set(failures)].join(', ')}); ${delivered} sent`
        );
      return { delivered };
    }
  };
}
