import * as v from 'valibot';

/** An address a player typed: trimmed, at most 254 characters (RFC 5321's path limit), one `@`. */
export const emailAddressSchema = v.pipe(v.string(), v.trim(), v.maxLength(254), v.email());

export const emailRequestSchema = v.strictObject({ address: emailAddressSchema });

/**
 * A player's wish for Xûr's stock by email, in the private `NOTICES` bucket beside the push
 * subscriptions (`xur/v1/email/<membershipId>.json`): one address a player. Nothing is mailed
 * until the address is confirmed from the email sent to it (double opt-in: a signed-in player
 * cannot sign someone else up), and every email carries a link that ends them (`token`).
 */
export const XUR_EMAIL_PREFIX = 'xur/v1/email/';

export interface StoredEmailSubscription {
  membershipId: string;
  address: string;
  /** 32 random bytes, base64url: proves a confirm or stop link came from an email of ours. */
  token: string;
  confirmed: boolean;
  requestedAt: string;
  /** The last visit this address was told of, so a retry never mails it twice. */
  notified?: string;
  /** Confirmations sent on one day (UTC), whatever the address: kept across address changes. */
  confirmations?: { day: string; count: number };
}

export const xurEmailKey = (membershipId: string) => `${XUR_EMAIL_PREFIX}${membershipId}.json`;

/** A confirmation is sent again for the same address at most this often (a player pressing twice). */
export const RESEND_AFTER_MS = 60_000;
/** Confirmations one player may have sent a day, to any addresses: the form cannot be a spam cannon. */
export const MAX_CONFIRMATIONS_A_DAY = 5;

/**
 * The record after the player asked for `address`: the same address keeps its token and, once
 * confirmed, stays confirmed; a new address starts over unconfirmed with `freshToken`.
 * `sendConfirmation` is false when it is already confirmed or one was just sent; `limited` when
 * the player has had their day's confirmations, and nothing changes.
 */
export function requestEmail(
  known: StoredEmailSubscription | undefined,
  membershipId: string,
  address: string,
  freshToken: string,
  now: Date
): { record: StoredEmailSubscription; sendConfirmation: boolean; limited?: true } {
  const day = now.toISOString().slice(0, 10);
  const sentToday = known?.confirmations?.day === day ? known.confirmations.count : 0;
  const confirmations = { day, count: sentToday + 1 };
  const same = known?.address.toLowerCase() === address.toLowerCase();
  if (known && same) {
    const recent = now.getTime() - Date.parse(known.requestedAt) < RESEND_AFTER_MS;
    if (known.confirmed || recent) return { record: known, sendConfirmation: false };
  }
  if (known && sentToday >= MAX_CONFIRMATIONS_A_DAY)
    return { record: known, sendConfirmation: false, limited: true };
  if (known && same)
    return {
      record: { ...known, requestedAt: now.toISOString(), confirmations },
      sendConfirmation: true
    };
  return {
    record: {
      membershipId,
      address,
      token: freshToken,
      confirmed: false,
      requestedAt: now.toISOString(),
      confirmations
    },
    sendConfirmation: true
  };
}

/** An email to one address: its subject, an HTML body and the same as plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** e.g. `List-Unsubscribe`, so mail clients offer their own unsubscribe button. */
  headers?: Record<string, string>;
}

/** Where and as whom mail is sent: a transactional API that takes Resend's request shape. */
export interface MailConfig {
  url: string;
  apiKey: string;
  from: string;
}

/** The HTTP request that sends one message (`POST {from, to, subject, html, text, headers}`). */
export function mailRequest(config: MailConfig, message: MailMessage): Request {
  return new Request(config.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      from: config.from,
      to: [message.to],
      subject: message.subject,
      html: message.html,
      text: message.text,
      ...(message.headers && { headers: message.headers })
    })
  });
}
