import { ensureDevVars, root, startStack, type PublishSummary } from './lib/stack.ts';
import { ensurePortFree, run, runMain } from './lib/processes.ts';

/** `npm start`: builds the app and runs it with the Bungie.net simulator; Ctrl-C stops everything. */
const appPort = Number(process.env.APP_PORT ?? 8787);
const simPort = Number(process.env.SIM_PORT ?? 8789);
const publisherPort = Number(process.env.PUBLISHER_PORT ?? 8788);
const PUBLISH_EVERY_MS = 5 * 60_000;

const describe = (s: PublishSummary) =>
  s.outcome === 'published'
    ? `published ${s.version}: ${s.itemCount} items, ${s.shardsWritten} shards written (${s.ms} ms)`
    : s.outcome === 'unchanged'
      ? `manifest ${s.version} unchanged (${s.ms} ms)`
      : `failed: ${s.error}`;

runMain(async () => {
  await ensurePortFree(appPort, 'APP_PORT');
  await ensurePortFree(publisherPort, 'PUBLISHER_PORT');
  await ensurePortFree(simPort, 'SIM_PORT');
  ensureDevVars();
  await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'warn']);
  const stack = await startStack({
    appPort,
    simPort,
    publisherPort,
    persistDir: `${root}.state`,
    echo: process.env.VERBOSE === '1'
  });
  console.log(`Shards: ${describe(await stack.publish())}`);
  // Deployed, the publisher's cron checks every 5 minutes; locally this does the same.
  setInterval(() => {
    stack.publish().then(
      (s) => s.outcome !== 'unchanged' && console.log(`Shards: ${describe(s)}`),
      (e: unknown) => console.error('Shard publish failed:', e)
    );
  }, PUBLISH_EVERY_MS);

  console.log(`\nVault Raider is running at ${stack.appUrl}/`);
  console.log(`Bungie.net simulator at ${stack.simUrl}/ (state: ${stack.simUrl}/__sim/state)`);
  console.log(`Shard publisher at ${stack.publisherUrl}/status`);
  console.log('Press Ctrl-C to stop.\n');
});
