import type { ApiEnv } from '../../src/lib/server/env';

declare global {
  namespace Cloudflare {
    // Declaration merging needs an interface, even one that adds nothing.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends ApiEnv {}
    interface GlobalProps {
      mainModule: typeof import('./entry');
    }
  }
}
