import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offlineWranglerEnv, run } from './lib/processes.ts';
import { root } from './lib/stack.ts';

/**
 * `npm run test:deploy`: `wrangler deploy --dry-run` for every Worker — it bundles each exactly as a
 * deploy would and checks the config, without an account or network.
 */
if (!existsSync(`${root}.svelte-kit/cloudflare/_worker.js`))
  await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'error']);
const wrangler = `${root}node_modules/.bin/wrangler`;
for (const config of [
  'workers/player-data/wrangler.toml',
  'wrangler.toml',
  'workers/shard-publisher/wrangler.toml'
]) {
  const outdir = mkdtempSync(join(tmpdir(), 'vault-raider-deploy-'));
  try {
    await run(
      wrangler,
      ['deploy', '--dry-run', '-c', `${root}${config}`, '--outdir', outdir],
      offlineWranglerEnv
    );
    const bundled = readdirSync(outdir);
    if (!bundled.some((f) => f.endsWith('.js')))
      throw new Error(`${config}: the dry run produced no bundle (${bundled.join(', ')})`);
    console.log(`ok - ${config} bundles for deploy (${bundled.join(', ')})`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
