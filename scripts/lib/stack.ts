import { appendFileSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  offlineWranglerEnv,
  startProcess,
  stopProcess,
  waitFor,
  type Started
} from './processes.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

export interface StackOptions {
  appPort: number;
  simPort: number;
  publisherPort: number;
  /** wrangler's local state (KV, R2); shared by every Worker of the stack. */
  persistDir: string;
  echo?: boolean;
  simDataset?: 'real' | 'generated';
  /** Where the app's runtime takes a DevTools connection (for a CPU profile); any free port when not given. */
  appInspectorPort?: number;
}

export interface Stack {
  appUrl: string;
  simUrl: string;
  publisherUrl: string;
  /** Asks the shard publisher for a run now (what its cron does every 5 minutes when deployed). */
  publish: () => Promise<PublishSummary>;
  stop: () => Promise<void>;
  /** The app runtime's DevTools port, when one was asked for. */
  appInspectorPort?: number;
  /**
   * The process group of each part of the stack (each is started as a group's leader, with what it
   * starts in the group: wrangler's runtime processes), for a benchmark that counts their CPU time.
   */
  processGroups: { app?: number; sim?: number; publisher?: number };
}

export interface PublishSummary {
  outcome: string;
  version?: string;
  itemCount?: number;
  shardsWritten?: number;
  error?: string;
  ms: number;
}

/** KEY=VALUE lines of a .dev.vars file. */
export function readDevVars(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(`${root}.dev.vars`, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/**
 * Local settings for the simulator; real values for a real Bungie app go in .dev.vars instead. A
 * .dev.vars made before a setting existed gets the example's value of it, and keeps its own others.
 */
export function ensureDevVars(): void {
  const path = `${root}.dev.vars`;
  if (!existsSync(path)) {
    copyFileSync(`${root}.dev.vars.example`, path);
    return;
  }
  const have = readDevVars();
  const missing = readFileSync(`${root}.dev.vars.example`, 'utf8')
    .split('\n')
    .filter((line) => {
      const name = /^\s*([A-Z0-9_]+)\s*=/.exec(line)?.[1];
      return name !== undefined && !(name in have);
    });
  if (missing.length) appendFileSync(path, `\n${missing.join('\n')}\n`);
}

/**
 * Runs the built app under `wrangler dev` against the Bungie.net simulator, both on 127.0.0.1.
 * Expects `vite build` to have run. Stops everything it started when asked or when a part fails.
 */
/**
 * Starts a `wrangler dev` and waits until `ready` answers. Wrangler finds free ports for its own
 * inner servers first and binds them a moment later; another process may take one in between, and
 * that start ends with "Address already in use". Such a start is made again, twice at most.
 */
async function startWrangler(
  args: string[],
  options: { name: string; echo: boolean; what: string; ready: string }
): Promise<Started> {
  for (let attempt = 1; ; attempt++) {
    const started = startProcess(bin('wrangler'), args, {
      name: options.name,
      echo: options.echo,
      env: offlineWranglerEnv
    });
    try {
      await waitFor(async () => (await fetch(options.ready)).ok, started, options.what);
      return started;
    } catch (error) {
      await stopProcess(started);
      if (attempt >= 3 || !started.output().includes('Address already in use')) throw error;
      console.warn(`${options.what}: a port it chose was taken meanwhile; starting it again.`);
    }
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { appPort, simPort, persistDir, echo = false } = options;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const simUrl = `http://127.0.0.1:${simPort}`;
  const started: Started[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => stopProcess(s)));
  };
  try {
    const sim = startProcess(process.execPath, [`${root}workers/bungie-sim/src/serve.ts`], {
      name: 'sim',
      echo,
      env: {
        SIM_PORT: String(simPort),
        APP_PORT: String(appPort),
        SIM_DATASET: options.simDataset ?? 'real'
      }
    });
    started.push(sim);
    await waitFor(
      async () => (await fetch(`${simUrl}/__sim/state`)).ok,
      sim,
      'The Bungie.net simulator'
    );

    const vars = readDevVars();
    // The simulator's stand-in mail API, in Resend's shape.
    const mailVars = [
      '--var',
      `MAIL_API_URL:${simUrl}/__sim/mail`,
      '--var',
      `MAIL_API_KEY:${vars.MAIL_API_KEY ?? ''}`,
      '--var',
      `MAIL_FROM:${vars.MAIL_FROM ?? ''}`
    ];
    const app = await startWrangler(
      [
        'dev',
        // The app, and beside it in the same workerd the Worker of the player-data objects it binds to.
        '-c',
        `${root}wrangler.toml`,
        '-c',
        `${root}workers/player-data/wrangler.toml`,
        '--ip',
        '127.0.0.1',
        '--port',
        String(appPort),
        '--persist-to',
        persistDir,
        '--inspector-port',
        String(options.appInspectorPort ?? 0),
        '--var',
        `BUNGIE_BASE_URL:${simUrl}`,
        '--var',
        `BUNGIE_AUTH_URL:${simUrl}/en/OAuth/Authorize`,
        // Optional, so not among the secrets wrangler loads from .dev.vars by itself.
        '--var',
        `VAPID_PUBLIC_KEY:${vars.VAPID_PUBLIC_KEY ?? ''}`,
        ...mailVars
      ],
      { name: 'app', echo, what: 'The app (wrangler dev)', ready: `${appUrl}/api/health` }
    );
    started.push(app);

    // The publisher shares the app's local R2 through the same --persist-to directory.
    const publisherUrl = `http://127.0.0.1:${options.publisherPort}`;
    const publisher = await startWrangler(
      [
        'dev',
        '-c',
        `${root}workers/shard-publisher/wrangler.toml`,
        '--ip',
        '127.0.0.1',
        '--port',
        String(options.publisherPort),
        '--persist-to',
        persistDir,
        '--inspector-port',
        '0',
        '--var',
        `BUNGIE_BASE_URL:${simUrl}`,
        '--var',
        `BUNGIE_API_KEY:${vars.BUNGIE_API_KEY ?? ''}`,
        '--var',
        `ADMIN_TOKEN:${vars.ADMIN_TOKEN ?? ''}`,
        // The real list bundled with the simulator, not the one the deploy reads from GitHub.
        '--var',
        `WISHLIST_URL:${simUrl}/__sim/wishlists/voltron.txt`,
        // Web Push: the local key pair, and the simulator standing in for the browsers' push service.
        '--var',
        `VAPID_PUBLIC_KEY:${vars.VAPID_PUBLIC_KEY ?? ''}`,
        '--var',
        `VAPID_PRIVATE_KEY:${vars.VAPID_PRIVATE_KEY ?? ''}`,
        '--var',
        `VAPID_SUBJECT:${vars.VAPID_SUBJECT ?? ''}`,
        '--var',
        `SIM_PUSH_SERVICE_URL:${simUrl}`,
        ...mailVars,
        '--var',
        `APP_URL:${appUrl}`
      ],
      {
        name: 'publisher',
        echo,
        what: 'The shard publisher (wrangler dev)',
        ready: `${publisherUrl}/status`
      }
    );
    started.push(publisher);
    const publish = async () => {
      const response = await fetch(`${publisherUrl}/run`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${vars.ADMIN_TOKEN ?? ''}` }
      });
      const text = await response.text();
      try {
        return JSON.parse(text) as PublishSummary;
      } catch {
        throw new Error(
          `The shard publisher answered ${response.status}: ${text.slice(0, 500)}\n${publisher.output()}`
        );
      }
    };
    return {
      appUrl,
      simUrl,
      publisherUrl,
      publish,
      stop,
      processGroups: { app: app.child.pid, sim: sim.child.pid, publisher: publisher.child.pid },
      ...(options.appInspectorPort ? { appInspectorPort: options.appInspectorPort } : {})
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
