import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run, runMain } from './lib/processes.ts';
import { ensureDevVars, readDevVars, root, startStack } from './lib/stack.ts';

/**
 * `npm run test:e2e`: builds the app, runs it under `wrangler dev` with the simulator on free
 * 127.0.0.1 ports and a throwaway state dir, runs the Playwright tests with node's test runner in
 * Debian's Chromium, and stops everything it started.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium is not at ${chromium}. Install Debian's: apt-get install -y chromium`);
  process.exit(1);
}

const persistDir = mkdtempSync(join(tmpdir(), 'vault-raider-e2e-'));
runMain(
  async () => {
    ensureDevVars();
    // `npm test` builds beforehand, beside the Workers tests, and says so.
    if (process.env.E2E_BUILT !== '1')
      await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'warn']);
    const stack = await startStack({
      appPort: await freePort(),
      simPort: await freePort(),
      publisherPort: await freePort(),
      persistDir,
      // E2E_ECHO=1 shows what the app, the publisher and the simulator print, to see why one died.
      echo: process.env.E2E_ECHO === '1'
    });
    const published = await stack.publish();
    if (published.outcome !== 'published')
      throw new Error(`The shard publisher did not publish: ${JSON.stringify(published)}`);
    // `npm run test:e2e -- test/e2e/vault.test.ts` runs only the files named.
    const files = process.argv.slice(2);
    await run(
      process.execPath,
      ['--test', '--test-concurrency=1', ...(files.length ? files : ['test/e2e/*.test.ts'])],
      {
        E2E_APP_URL: stack.appUrl,
        E2E_SIM_URL: stack.simUrl,
        E2E_PUBLISHER_URL: stack.publisherUrl,
        E2E_ADMIN_TOKEN: readDevVars().ADMIN_TOKEN ?? ''
      }
    );
    return 0;
  },
  // The stack is stopped first, whether the tests passed, failed or were interrupted.
  () => rmSync(persistDir, { recursive: true, force: true })
);
