import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run } from '../scripts/lib/processes.ts';
import { root, startStack, type Stack } from '../scripts/lib/stack.ts';

/**
 * The app built, then the whole stack on free ports with its state in a fresh directory, which
 * `stop` removes: what every benchmark that needs the running app measures against.
 */
export async function startScratchStack(): Promise<Stack> {
  // The app's Worker serves the built client beside its routes.
  await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'error']);
  const persistDir = mkdtempSync(join(tmpdir(), 'vault-raider-bench-'));
  const stack = await startStack({
    appPort: await freePort(),
    simPort: await freePort(),
    publisherPort: await freePort(),
    appInspectorPort: await freePort(),
    persistDir
  }).catch((error: unknown) => {
    rmSync(persistDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...stack,
    async stop() {
      await stack.stop();
      rmSync(persistDir, { recursive: true, force: true });
    }
  };
}
