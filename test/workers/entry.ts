import { createApi } from '../../src/lib/server/app';
import type { ApiEnv } from '../../src/lib/server/env';

// The app Worker's API as workerd runs it, without the SvelteKit build around it.
const api = createApi();

export default {
  fetch(request: Request, env: ApiEnv, ctx: ExecutionContext) {
    return api.fetch(request, env, ctx);
  }
};
