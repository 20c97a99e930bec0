import type { ApiEnv, WorkerContext } from '$lib/server/env';

declare global {
  namespace App {
    interface Error {
      code?: string;
    }
    interface Platform {
      env: ApiEnv;
      ctx: WorkerContext;
    }
  }
}

export {};
