import type { RateLimit } from './bungie/session-quota';
import type { ExecutionContext, KVNamespace, R2Bucket } from '@cloudflare/workers-types/index.ts';

/** The app Worker's bindings (wrangler.toml) and secrets. */
export interface ApiEnv {
  SESSIONS: KVNamespace;
  SHARDS: R2Bucket;
  /** Origin of Bungie.net, or of the simulator in local runs. */
  BUNGIE_BASE_URL: string;
  BUNGIE_AUTH_URL: string;
  BUNGIE_API_KEY: string;
  BUNGIE_CLIENT_ID: string;
  BUNGIE_CLIENT_SECRET: string;
  TOKEN_ENCRYPTION_KEY: string;
  /** Each session's share of the Bungie quota (wrangler.toml `[[ratelimits]]`); unset, no limit. */
  BUNGIE_QUOTA?: RateLimit;
}

export type WorkerContext = ExecutionContext;
