/**
 * A CPU profile of the app's Worker under `wrangler dev`, through the runtime's DevTools port (the
 * protocol a browser's DevTools speaks), and where its time went by the app's own functions.
 */

interface CallFrame {
  functionName: string;
  /** The script; empty for the runtime's own functions (JSON, text decoding, fetch). */
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds since the previous sample. */
  timeDeltas: number[];
}

/** Runs `during` with the profiler on, and returns what it sampled. */
export async function profileCpu(
  inspectorPort: number,
  during: () => Promise<void>
): Promise<CpuProfile> {
  // Wrangler's inspector proxy takes only connections that say where they come from, as DevTools' do.
  const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, {
    headers: { Origin: 'https://devtools.devprod.cloudflare.dev' }
  } as unknown as string[]);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error('No DevTools connection')), {
      once: true
    });
  });
  let nextId = 0;
  const answers = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) answers.get(message.id)?.(message.result);
  });
  const send = <T>(method: string) =>
    new Promise<T>((resolve) => {
      const id = ++nextId;
      answers.set(id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, params: {} }));
    });
  try {
    await send('Profiler.enable');
    await send('Profiler.start');
    await during();
    return (await send<{ profile: CpuProfile }>('Profiler.stop')).profile;
  } finally {
    socket.close();
  }
}

/**
 * Sampled time by stage, in milliseconds: each sample goes to the nearest function on its stack
 * that `stageOf` names (its callers are walked up), else to `other`; the runtime's own entries
 * (garbage collection, idle) keep their names.
 */
export function timeByStage(
  profile: CpuProfile,
  stageOf: (frame: CallFrame) => string | undefined
): Record<string, number> {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stageOfNode = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = stageOfNode.get(id);
    if (known) return known;
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName;
    const parent = parentOf.get(id);
    const stage =
      (name === '(garbage collector)' || name === '(idle)' ? name : stageOf(frame)) ??
      (parent === undefined ? 'other' : resolve(parent));
    stageOfNode.set(id, stage);
    return stage;
  };
  const totals: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const stage = resolve(id);
    totals[stage] = (totals[stage] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return totals;
}
