import type { ExecutionContext } from '@cloudflare/workers-types/index.ts';
import type { AppBindings } from './env.generated';

/**
 * The app Worker's bindings, vars and secrets: wrangler.toml's, typed by `wrangler types`
 * (`npm run types`), so a binding is declared in one place.
 */
export type ApiEnv = AppBindings & {
  /** The VAPID public key browsers subscribe with (Web Push); without it no push notices are offered. */
  VAPID_PUBLIC_KEY?: string;
  /** A transactional mail API taking Resend's request shape; without all three no email is offered. */
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  /** The sender, e.g. `Vault Raider <xur@example.com>` (a domain the mail API may send from). */
  MAIL_FROM?: string;
};

export type WorkerContext = ExecutionContext;
