import { ensureDevVars, root, startStack } from './lib/stack.ts';
import { run } from './lib/processes.ts';

/** `npm start`: builds the app and runs it with the Bungie.net simulator; Ctrl-C stops everything. */
const appPort = Number(process.env.APP_PORT ?? 8787);
const simPort = Number(process.env.SIM_PORT ?? 8789);

ensureDevVars();
await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'warn']);
const stack = await startStack({ appPort, simPort, persistDir: `${root}.state`, echo: process.env.VERBOSE === '1' });

console.log(`\nVault Raider is running at ${stack.appUrl}/`);
console.log(`Bungie.net simulator at ${stack.simUrl}/ (state: ${stack.simUrl}/__sim/state)`);
console.log('Press Ctrl-C to stop.\n');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
