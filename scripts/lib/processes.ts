import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Environment that keeps wrangler from reaching for the internet (this may run fully offline). */
export const offlineWranglerEnv = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CI: process.env.CI ?? ''
};

export interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Every child still running, so that an interruption at any moment (start-up included) stops them all. */
const running = new Set<Started>();

function track(started: Started): Started {
  running.add(started);
  started.child.once('exit', () => running.delete(started));
  return started;
}

/** Set once stopping has begun: whatever start-up is still under way must not start more. */
let stopping: Promise<void> | undefined;

/** Whether stopping has begun (an interruption, or a script ending): a child ending now was stopped. */
export const isStopping = (): boolean => stopping !== undefined;

/** Stops every child this process started and has not yet seen exit, and refuses to start more. */
export function stopAll(): Promise<void> {
  stopping ??= Promise.all([...running].map((started) => stopProcess(started))).then(
    () => undefined
  );
  return stopping;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs a script's `main` so that nothing it starts outlives it: on Ctrl-C, SIGTERM or a closed
 * terminal (the children, in process groups of their own, get none of these), or when `main`
 * fails, every child started so far is stopped and `cleanUp` runs. A `main` that returns an exit
 * code ends the script with it, after the same stopping; one that returns nothing leaves its
 * children running until a signal. Interrupted, the script ends by that signal, as npm expects of
 * an interruption (an exit code would be reported as a failure).
 */
export function runMain(main: () => Promise<number | void>, cleanUp: () => void = () => {}): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    void stopAll()
      .then(cleanUp)
      .finally(() => {
        for (const name of SIGNALS) process.removeAllListeners(name);
        process.kill(process.pid, signal);
      });
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  const end = async (code: number) => {
    await stopAll();
    cleanUp();
    // An interruption ends the script by its signal instead.
    if (!signalled) process.exit(code);
  };
  main().then(
    (code) => (typeof code === 'number' ? end(code) : undefined),
    (error: unknown) => {
      // Start-up cut short by an interruption fails on the way out: that is no news.
      if (!signalled) console.error(error instanceof Error ? error.message : error);
      return end(1);
    }
  );
}

/** What is listening on a port we want, said plainly: a stale server would otherwise answer for us. */
export function ensurePortFree(port: number, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${name}) is already in use, perhaps by an earlier run that is still going. Stop it, or pick another port: ${name}=<port>.`
            : `Port ${port} (${name}) cannot be used: ${error.message}`
        )
      )
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Starts a child in its own process group, keeping the last output for error messages. */
export function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; echo?: boolean; name: string }
): Started {
  if (stopping) throw new Error(`Not starting ${options.name}: stopping`);
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-8000);
    if (options.echo) process.stdout.write(text.replace(/^(?=.)/gm, `[${options.name}] `));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return track({ child, output: () => tail });
}

/**
 * Stops a child and everything in its process group (wrangler starts workerd, which can outlive
 * wrangler by a moment), waiting until the whole group is gone; SIGKILL after `timeoutMs`.
 */
export async function stopProcess(started: Started, timeoutMs = 5000): Promise<void> {
  const { pid } = started.child;
  if (pid === undefined) return;
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const killAt = Date.now() + timeoutMs;
  while (signal(0)) {
    if (Date.now() > killAt) signal('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `check` until it resolves true, or fails with the child's output after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean>,
  started: Started | undefined,
  what: string,
  timeoutMs = 60_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started && started.child.exitCode !== null) {
      throw new Error(`${what} exited with code ${started.child.exitCode}:\n${started.output()}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${what} was not ready within ${timeoutMs / 1000} s:\n${started?.output() ?? ''}`
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end, its output on ours; stopping meanwhile stops it too. */
export async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<void> {
  const { code } = await runCollected(command, args, env, true);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

/**
 * Runs a command to its end and says how it ended: its output shown on ours as it comes when
 * `shown`, else kept and returned whole (for a caller running others at the same time); stopping
 * meanwhile stops it too.
 */
export function runCollected(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  shown = false
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    if (stopping) return reject(new Error(`Not running ${command}: stopping`));
    // Its own process group, so that stopping reaches what it starts; it reads nothing from us.
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', shown ? 'inherit' : 'pipe', shown ? 'inherit' : 'pipe'],
      detached: true
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    track({ child, output: () => Buffer.concat(chunks).toString() });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString() }));
  });
}
