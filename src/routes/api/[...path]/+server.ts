import { createApi } from '$lib/server/app';
import type { RequestHandler } from './$types';

const api = createApi();

/** Every /api request, whatever its method, goes to the Hono app with the Worker's bindings. */
export const fallback: RequestHandler = ({ request, platform }) => {
  if (!platform)
    return new Response(
      JSON.stringify({
        error: { code: 'no_platform', message: 'The API needs the Workers runtime bindings.' }
      }),
      { status: 500, headers: { 'content-type': 'application/json' } }
    );
  return api.fetch(request, platform.env, platform.ctx);
};
