import type { ApiEnv } from '../../src/lib/server/env';
import type { PublisherEnv } from '../../workers/shard-publisher/src/env.ts';

declare global {
  namespace Cloudflare {
    // Declaration merging needs an interface, even one that adds nothing.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends ApiEnv, PublisherEnv {}
    interface GlobalProps {
      mainModule: typeof import('./entry');
    }
  }
}
