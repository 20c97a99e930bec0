import type { ApiEnv } from '../../src/lib/server/env';
import type { PublisherEnv } from '../../workers/shard-publisher/src/env.ts';

declare global {
  namespace Cloudflare {
    interface Env extends ApiEnv, PublisherEnv {}
    interface GlobalProps {
      mainModule: typeof import('./entry');
    }
  }
}
