import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, startProcess, stopProcess, waitFor } from '../scripts/lib/processes.ts';
import { root } from '../scripts/lib/stack.ts';

const exec = promisify(execFile);
const API_KEY = 'sim-api-key-0000000000000000000000';

interface Probe {
  ms: number;
  peakMemoryMB: number;
  itemCount: number;
  tableBytes?: number;
  shardBytes?: number;
  shardGzipBytes?: number;
  noChangeMs?: number;
  afterBump?: { changedItems: number; shardsWritten: number; shardsReused: number; bytesWritten: number; bytesTotal: number };
}

// A Worker has 128 MB; the goal is to publish within half of it. The streaming run gets a hard V8
// heap cap of that size: if it needed more, it would crash and the benchmark would say so.
const HEAP_CAP_MB = 64;

async function probe(mode: 'stream' | 'whole' | 'shards', simUrl: string): Promise<Probe> {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const flags = mode === 'stream' ? [`--max-old-space-size=${HEAP_CAP_MB}`, '--max-semi-space-size=4'] : [];
  const { stdout } = await exec(process.execPath, ['--expose-gc', ...flags, `${root}bench/publish-probe.ts`, mode, simUrl, API_KEY], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Probe;
}

/**
 * Publishing the real item table and a generated one 4x its size, streaming (as the Worker does)
 * against reading the whole table and JSON.parse-ing it, each in a fresh process, the simulator in
 * another so its memory is not counted.
 */
export async function benchPublish() {
  const out: Record<string, unknown> = {};
  for (const [name, env] of [
    ['real', { SIM_DATASET: 'real' }],
    ['generated4x', { SIM_DATASET: 'generated', SIM_ITEM_COUNT: '120000' }]
  ] as const) {
    const port = await freePort();
    const sim = startProcess(process.execPath, [`${root}workers/bungie-sim/src/serve.ts`], { name: 'sim', env: { ...env, SIM_PORT: String(port) } });
    const simUrl = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${simUrl}/__sim/state`)).ok, sim, 'simulator');
      await probe('whole', simUrl); // warm the simulator's table file and the OS cache
      const whole = await probe('whole', simUrl);
      const stream = await probe('stream', simUrl);
      const shards = await probe('shards', simUrl);
      const round2 = (n: number) => Math.round(n * 100) / 100;
      out[name] = {
        items: stream.itemCount,
        tableMB: round2((whole.tableBytes ?? 0) / 1024 / 1024),
        streaming: { ms: stream.ms, peakMemoryMB: stream.peakMemoryMB, completedUnderHeapCapMB: HEAP_CAP_MB },
        baselineWholeParse: { ms: whole.ms, peakMemoryMB: whole.peakMemoryMB },
        timeRatio: round2(stream.ms / whole.ms),
        memoryRatio: round2(stream.peakMemoryMB / whole.peakMemoryMB),
        shardGzipPercentOfTable: round2(((shards.shardGzipBytes ?? 0) / (whole.tableBytes ?? 1)) * 100),
        shardBytes: shards.shardBytes,
        shardGzipBytes: shards.shardGzipBytes,
        noChangeRunMs: shards.noChangeMs,
        afterBumpOf1Percent: shards.afterBump && {
          ...shards.afterBump,
          rewrittenPercentOfBytes: round2((shards.afterBump.bytesWritten / shards.afterBump.bytesTotal) * 100)
        }
      };
    } finally {
      await stopProcess(sim);
    }
  }
  return out;
}
