import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, startProcess, stopProcess, waitFor } from '../scripts/lib/processes.ts';
import { root } from '../scripts/lib/stack.ts';

const exec = promisify(execFile);
const API_KEY = 'sim-api-key-0000000000000000000000';
const RUNS = 3;

interface Probe {
  ms: number;
  peakMemoryMB: number;
  itemCount: number;
  tableBytes?: number;
  shardShapeDigest?: string;
  shardBytes?: number;
  shardGzipBytes?: number;
  noChangeMs?: number;
  detailShards?: {
    deviceGzipBytes: number;
    baselineRawTablesGzipBytes: number;
    baselineTables: string[];
    ratio: number;
    wishlistPagesGzipBytes?: number;
    baselineWishlistTextGzipBytes?: number;
  };
  afterBump?: {
    changedItems: number;
    shardsWritten: number;
    shardsReused: number;
    bytesWritten: number;
    bytesTotal: number;
    bucketsPatched: number;
    deviceDownloadGzipBytes: number;
    deviceAllGzipBytes: number;
  };
}

// A Worker has 128 MB; the goal is to publish within half of it. The streaming run gets a hard V8
// heap cap of that size: if it needed more, it would crash and the benchmark would say so.
const HEAP_CAP_MB = 64;

async function probe(mode: 'stream' | 'whole' | 'shards', simUrl: string): Promise<Probe> {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const flags =
    mode === 'stream' ? [`--max-old-space-size=${HEAP_CAP_MB}`, '--max-semi-space-size=4'] : [];
  const { stdout } = await exec(
    process.execPath,
    ['--expose-gc', ...flags, `${root}bench/publish-probe.ts`, mode, simUrl, API_KEY],
    { maxBuffer: 1 << 20 }
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Probe;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Publishing the real item table and a generated one 4x its size, streaming (as the Worker does)
 * against the simplest correct alternative (download the table, one JSON.parse, slim, build shards
 * with the same functions), each in a fresh process, the simulator in another so its memory is not
 * counted. Both must build the same shards (items and bytes per shard), or the run fails. The two
 * alternate, three times each, after one discarded run that warms the simulator's table and the OS
 * cache; figures are medians, and a ratio divides medians of this same run.
 */
export async function benchPublish() {
  const out: Record<string, unknown> = {};
  for (const [name, env] of [
    ['real', { SIM_DATASET: 'real' }],
    ['generated4x', { SIM_DATASET: 'generated', SIM_ITEM_COUNT: '120000' }]
  ] as const) {
    const port = await freePort();
    const sim = startProcess(process.execPath, [`${root}workers/bungie-sim/src/serve.ts`], {
      name: 'sim',
      env: { ...env, SIM_PORT: String(port) }
    });
    const simUrl = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${simUrl}/__sim/state`)).ok, sim, 'simulator');
      await probe('whole', simUrl); // discarded: warms the simulator's table file and the OS cache
      const wholeRuns: Probe[] = [];
      const streamRuns: Probe[] = [];
      for (let i = 0; i < RUNS; i++) {
        wholeRuns.push(await probe('whole', simUrl));
        streamRuns.push(await probe('stream', simUrl));
      }
      // The baseline must do the same work: the same items in the same shards, byte for byte in size.
      const digests = new Set([...wholeRuns, ...streamRuns].map((p) => p.shardShapeDigest));
      if (digests.size !== 1)
        throw new Error(
          `${name}: the whole-parse baseline and the streaming publisher built different shards (${[...digests].join(', ')})`
        );
      const shards = await probe('shards', simUrl);
      const whole = {
        ms: median(wholeRuns.map((p) => p.ms)),
        peakMemoryMB: median(wholeRuns.map((p) => p.peakMemoryMB))
      };
      const stream = {
        ms: median(streamRuns.map((p) => p.ms)),
        peakMemoryMB: median(streamRuns.map((p) => p.peakMemoryMB))
      };
      const tableBytes = wholeRuns[0]!.tableBytes ?? 0;
      out[name] = {
        items: streamRuns[0]!.itemCount,
        rawTableMB: round2(tableBytes / 1024 / 1024),
        runs: RUNS,
        streaming: {
          ...stream,
          completedUnderHeapCapMB: HEAP_CAP_MB,
          runsMs: streamRuns.map((p) => p.ms)
        },
        baselineWholeParse: { ...whole, runsMs: wholeRuns.map((p) => p.ms) },
        sameShardsAsBaseline: true,
        timeRatio: round2(stream.ms / whole.ms),
        memoryRatio: round2(stream.peakMemoryMB / whole.peakMemoryMB),
        shardsGzipPercentOfRawTable: round2(
          ((shards.shardGzipBytes ?? 0) / (tableBytes || 1)) * 100
        ),
        shardBytes: shards.shardBytes,
        shardGzipBytes: shards.shardGzipBytes,
        noChangeRunMs: shards.noChangeMs,
        detailShards: shards.detailShards,
        afterBumpOf1Percent: shards.afterBump && {
          ...shards.afterBump,
          rewrittenPercentOfBytes: round2(
            (shards.afterBump.bytesWritten / shards.afterBump.bytesTotal) * 100
          ),
          deviceDownloadPercent: round2(
            (shards.afterBump.deviceDownloadGzipBytes / shards.afterBump.deviceAllGzipBytes) * 100
          )
        }
      };
    } finally {
      await stopProcess(sim);
    }
  }
  return out;
}
