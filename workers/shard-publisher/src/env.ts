import type { R2Bucket } from '@cloudflare/workers-types/index.ts';

export interface PublisherEnv {
  SHARDS: R2Bucket;
  BUNGIE_BASE_URL: string;
  BUNGIE_API_KEY: string;
  ADMIN_TOKEN: string;
  /** Optional: a Slack-compatible webhook told about each new version. */
  NOTIFY_WEBHOOK_URL?: string;
}
