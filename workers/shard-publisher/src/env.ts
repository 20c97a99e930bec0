import type { PublisherBindings } from './env.generated.ts';

/**
 * The publisher's bindings, vars and secrets: its wrangler.toml's, typed by `wrangler types`
 * (`npm run types`), plus what is optional, which the wrangler file cannot list as required.
 */
export type PublisherEnv = PublisherBindings & {
  /** A Slack-compatible webhook told about each new version. */
  NOTIFY_WEBHOOK_URL?: string;
};
