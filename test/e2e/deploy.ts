import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { root } from '../../scripts/lib/stack.ts';

/** What `vite build` reads: the app's sources and the configuration around them. */
const BUILD_INPUTS = [
  'src',
  'static',
  '_headers',
  'package.json',
  'svelte.config.js',
  'vite.config.ts',
  'wrangler.toml',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.sw.json',
  'tsconfig.workers.json'
];

/**
 * Builds the app again and puts the new build under the running stack whole, as a deploy would.
 *
 * A build in place is never whole: `vite build` empties its output first and writes for seconds,
 * and the local runtime's watchers reload on what they see meanwhile ("Could not resolve
 * ../output/server/index.js", then again as files appear). Now and then the runtime did not come
 * back from that. So the build runs in a copy of the project, and its files then replace the
 * running ones one rename each, nothing deleted, the Worker's entry last: whatever the watchers
 * see, every import resolves (the sources are the same, so a rebuild names its chunks alike; a
 * half-replaced build of changed sources could still mix versions).
 */
export function deployNewBuild(): void {
  const stage = mkdtempSync(join(tmpdir(), 'vault-raider-build-'));
  try {
    for (const input of BUILD_INPUTS)
      cpSync(join(root, input), join(stage, input), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/.bin/vite'), 'build', '--logLevel', 'error'],
      {
        cwd: stage,
        // Its errors are shown: a failed build is the test's failure.
        stdio: ['ignore', 'ignore', 'inherit']
      }
    );

    const built = join(stage, '.svelte-kit');
    const entry = join(built, 'cloudflare/_worker.js');
    // The static assets first (the new service worker among them), then the server's modules, then
    // the entry that imports them.
    const files = [
      ...filesUnder(join(built, 'cloudflare')).filter((file) => file !== entry),
      ...filesUnder(join(built, 'output/server')),
      ...filesUnder(join(built, 'cloudflare-tmp')),
      entry
    ];
    // Each file is copied first where no watcher looks, on the same disk, so the rename is one step.
    const landing = mkdtempSync(join(root, '.svelte-kit', 'deploying-'));
    try {
      for (const file of files) {
        const copy = join(landing, 'next');
        copyFileSync(file, copy);
        const target = join(root, '.svelte-kit', relative(built, file));
        mkdirSync(dirname(target), { recursive: true });
        renameSync(copy, target);
      }
    } finally {
      rmSync(landing, { recursive: true, force: true });
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
