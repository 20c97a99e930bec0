import { serve } from '@hono/node-server';
import { createSim } from './app.ts';

/** Serves the simulator over HTTP on 127.0.0.1 (SIM_PORT, default 8789) for `npm start` and e2e tests. */
export function startSimServer(options: Parameters<typeof createSim>[0] = {}, port = 0) {
  const sim = createSim(options);
  return new Promise<{ sim: typeof sim; url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: sim.app.fetch, port, hostname: '127.0.0.1' }, (info) => {
      // Item tables run to hundreds of MB: a slow reader must not lose the connection mid-body.
      Object.assign(server, { keepAliveTimeout: 120_000, requestTimeout: 0, timeout: 0 });
      resolve({
        sim,
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done()))
      });
    });
  });
}

if (import.meta.main) {
  const env = process.env;
  const appPort = env.APP_PORT ?? '8787';
  const { url } = await startSimServer(
    {
      dataset: env.SIM_DATASET === 'generated' ? 'generated' : 'real',
      ...(env.SIM_ITEM_COUNT && {
        generated: { seed: 1, vaultFill: 450, itemCount: Number(env.SIM_ITEM_COUNT) }
      }),
      redirectUrl: env.SIM_REDIRECT_URL ?? `http://127.0.0.1:${appPort}/api/auth/callback`,
      ...(env.BUNGIE_API_KEY && { apiKey: env.BUNGIE_API_KEY }),
      ...(env.BUNGIE_CLIENT_ID && { clientId: env.BUNGIE_CLIENT_ID }),
      ...(env.BUNGIE_CLIENT_SECRET && { clientSecret: env.BUNGIE_CLIENT_SECRET })
    },
    Number(env.SIM_PORT ?? 8789)
  );
  console.log(`Bungie.net simulator listening on ${url}`);
}
