import type { ApiEnv } from '../../src/lib/server/env';

declare module 'vitest' {
  interface ProvidedContext {
    simOrigin: string;
  }
}

declare global {
  namespace Cloudflare {
    interface Env extends ApiEnv {}
  }
}
