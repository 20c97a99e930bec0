import type { PublisherBindings } from './env.generated.ts';

/**
 * The publisher's bindings, vars and secrets: its wrangler.toml's, typed by `wrangler types`
 * (`npm run types`), plus what is optional, which the wrangler file cannot list as required.
 */
export type PublisherEnv = PublisherBindings & {
  /** A Slack-compatible webhook told about each new version. */
  NOTIFY_WEBHOOK_URL?: string;
  /** Web Push (RFC 8292): the key pair subscriptions were made for, base64url, and a contact. */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  /** `mailto:` or `https:` address push services may write to about this sender. */
  VAPID_SUBJECT?: string;
  /**
   * Locally only: where the Bungie simulator's stand-in push service answers. Its subscriptions
   * name https://push.simulator.invalid, which resolves nowhere; pushes to it go here instead.
   */
  SIM_PUSH_SERVICE_URL?: string;
  /** A transactional mail API taking Resend's request shape, its key and the sender. */
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  MAIL_FROM?: string;
  /** The app's own address (`https://vault.example.com`), for the links in emails. */
  APP_URL?: string;
};
