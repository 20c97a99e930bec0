import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Stack } from '../scripts/lib/stack.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signInOnly } from './browser.ts';
import { baselines, median, recordTransfers, type Transfer } from './first-visit.ts';

const RUNS = 3;
const VIEWPORT = { width: 390, height: 844 };

/**
 * Lighthouse's mobile "slow 4G" (150 ms round trips, 1.6 Mbps down, 750 kbps up) as DevTools
 * applies it (Lighthouse's own factors: latency x3.75, throughput x0.9), and its 4x slower CPU.
 */
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: (1638.4 * 0.9 * 1024) / 8,
  uploadThroughput: (750 * 0.9 * 1024) / 8
};
const CPU_SLOWDOWN = 4;

/**
 * A signed-in player's first visit to the vault on an emulated phone on slow 4G: the time from
 * navigation until the vault's first screen of tiles shows fresh data (the `vault-fresh` mark),
 * and what the browser received before it. `edge` false: the same visit with the profile asked for
 * without the definitions that come with a first visit's, so the vault waits for its item shards
 * as it did before the edge answered them.
 */
async function visit(browser: Browser, stack: Stack, edge: boolean) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await signInOnly(page, stack);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    if (!edge)
      await page.route('**/api/profile?with=definitions', (route) =>
        route.continue({ url: `${stack.appUrl}/api/profile` })
      );
    const recording = recordTransfers(context);
    await page.goto(`${stack.appUrl}/vault`);
    const fresh = await page.waitForFunction(
      () => performance.getEntriesByName('vault-fresh')[0]?.startTime,
      undefined,
      { timeout: 120_000, polling: 50 }
    );
    const firstScreenMs = (await fresh.jsonValue()) as number;
    // Responses finished by now (a few ms after the mark: a slight overcount, never an under-).
    const before = await recording.stop();
    const path = (t: Transfer) => new URL(t.url).pathname;
    const sum = (list: Transfer[]) => list.reduce((n, t) => n + t.bytes, 0);
    // A first visit's profile answer carries the definitions: counted whole, the profile with them.
    const definitions = before.filter(
      (t) => t.url.endsWith('/api/profile?with=definitions') || path(t).startsWith('/api/shards/')
    );
    const itemShards = before.filter(
      (t) => path(t).startsWith('/api/shards/') && /-\d+-[0-9a-f]+\.json$/.test(path(t))
    );
    return {
      firstScreenMs,
      bytesBefore: sum(before),
      definitionBytesBefore: sum(definitions),
      itemShardsBefore: itemShards.length,
      responsesBefore: before.length
    };
  } finally {
    await context.close();
  }
}

/**
 * Cold first visits on slow 4G, the real account, alternating with and without the edge's
 * definitions (median of 3 each): the first screen's time and the bytes before it, against the raw
 * item table and against the same visit waiting for the shards.
 */
export async function benchFirstScreen(stack: Stack) {
  await fetch(`${stack.simUrl}/__sim/reset`, {
    method: 'POST',
    body: JSON.stringify({ dataset: 'real' })
  });
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const runs: Record<'edge' | 'shards', Awaited<ReturnType<typeof visit>>[]> = {
    edge: [],
    shards: []
  };
  try {
    for (let i = 0; i < RUNS; i++) {
      runs.edge.push(await visit(browser, stack, true));
      runs.shards.push(await visit(browser, stack, false));
    }
  } finally {
    await browser.close();
  }
  const { rawItemTableBytes } = await baselines(stack);
  const pct = (bytes: number) => Math.round((bytes / rawItemTableBytes) * 10000) / 100;
  const summary = (list: typeof runs.edge) => {
    const definitionBytes = median(list.map((r) => r.definitionBytesBefore));
    const bytes = median(list.map((r) => r.bytesBefore));
    return {
      firstScreenMs: median(list.map((r) => r.firstScreenMs)),
      runsMs: list.map((r) => Math.round(r.firstScreenMs)),
      bytesBeforeAsTransferred: bytes,
      definitionBytesBeforeAsTransferred: definitionBytes,
      itemShardsBefore: median(list.map((r) => r.itemShardsBefore)),
      definitionPercentOfRawTable: pct(definitionBytes),
      allBytesPercentOfRawTable: pct(bytes)
    };
  };
  const edge = summary(runs.edge);
  const baselineShardsFirst = summary(runs.shards);
  return {
    ...edge,
    rawItemTableBytes,
    baselineShardsFirst,
    timeRatio: Math.round((edge.firstScreenMs / baselineShardsFirst.firstScreenMs) * 100) / 100,
    definitionBytesRatio:
      Math.round(
        (edge.definitionBytesBeforeAsTransferred /
          baselineShardsFirst.definitionBytesBeforeAsTransferred) *
          1000
      ) / 1000
  };
}
