import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run } from '../scripts/lib/processes.ts';
import { ensureDevVars, root, startStack } from '../scripts/lib/stack.ts';
import { benchSoak } from './soak.ts';

/**
 * `npm run bench:soak`: the moves soak alone, on its own stack, printed rather than written to
 * bench/results.json (the whole bench writes that, every figure from one run). For tuning the
 * runner's waits: its figures say where the drain's time went.
 */
ensureDevVars();
// The app's Worker serves the built client beside its routes.
await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'error']);
const persistDir = mkdtempSync(join(tmpdir(), 'vault-raider-soak-run-'));
const stack = await startStack({
  appPort: await freePort(),
  simPort: await freePort(),
  publisherPort: await freePort(),
  persistDir
});
try {
  const figures = await benchSoak(stack);
  console.log(JSON.stringify(figures, null, 2));
  if (!figures.passed) process.exitCode = 1;
} finally {
  await stack.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
