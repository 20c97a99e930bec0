import { createApi } from '../../src/lib/server/app';
import type { ApiEnv } from '../../src/lib/server/env';

// The app Worker's API as workerd runs it, without the SvelteKit build around it.
const api = createApi();

export default {
  fetch(request: Request, env: ApiEnv, ctx: ExecutionContext) {
    return api.fetch(request, env, ctx);
  }
};

// The player-data object runs inside this test Worker (not beside it), so `runInDurableObject`
// reaches it and the app's routes call the same instances.
export { PlayerData } from '../../workers/player-data/src/index.ts';
