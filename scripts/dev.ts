import { ensurePortFree, run, runMain, startProcess, waitFor } from './lib/processes.ts';
import { ensureDevVars, root } from './lib/stack.ts';

/**
 * `npm run dev`: Vite with hot reload against the Bungie.net simulator. The API runs in Node
 * through the adapter's platform proxy here; `npm start` runs it in workerd as deployed.
 */
const simPort = Number(process.env.SIM_PORT ?? 8789);
const devPort = Number(process.env.DEV_PORT ?? 5173);

runMain(async () => {
  await ensurePortFree(simPort, 'SIM_PORT');
  await ensurePortFree(devPort, 'DEV_PORT');
  ensureDevVars();
  const sim = startProcess(process.execPath, [`${root}workers/bungie-sim/src/serve.ts`], {
    name: 'sim',
    echo: true,
    env: {
      SIM_PORT: String(simPort),
      SIM_REDIRECT_URL: `http://127.0.0.1:${devPort}/api/auth/callback`
    }
  });
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${simPort}/__sim/state`)).ok,
    sim,
    'The Bungie.net simulator'
  );
  // Until Vite ends; then the simulator is stopped with it.
  await run(`${root}node_modules/.bin/vite`, [
    'dev',
    '--host',
    '127.0.0.1',
    '--port',
    String(devPort),
    '--strictPort'
  ]);
  return 0;
});
