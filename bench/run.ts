import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run } from '../scripts/lib/processes.ts';
import { ensureDevVars, root, startStack } from '../scripts/lib/stack.ts';
import { benchApiProfile } from './api-profile.ts';
import { benchFirstVisit } from './first-visit.ts';
import { benchLighthouseAll } from './lighthouse.ts';
import { benchPublish } from './publish.ts';
import { benchReliability } from './reliability.ts';
import { benchSoak } from './soak.ts';

/**
 * `npm run bench`: measures, writes bench/results.json, prints a summary. Each figure is measured
 * next to its baseline in the same run, on this machine, so the ratio is what to compare.
 */
ensureDevVars();
console.log('Publishing shards: streaming against whole-table JSON.parse…');
const publish = await benchPublish();
for (const [name, figures] of Object.entries(publish) as [string, { items: number; tableMB: number; streaming: { ms: number; peakMemoryMB: number }; baselineWholeParse: { ms: number; peakMemoryMB: number }; shardGzipPercentOfTable: number; noChangeRunMs: number }][]) {
  console.log(`  ${name} (${figures.items} items, ${figures.tableMB} MB): streaming ${figures.streaming.ms} ms / ${figures.streaming.peakMemoryMB} MB; whole parse ${figures.baselineWholeParse.ms} ms / ${figures.baselineWholeParse.peakMemoryMB} MB; shards gzipped ${figures.shardGzipPercentOfTable}% of the table; no-change run ${figures.noChangeRunMs} ms`);
}
console.log('Hardening in workerd: generated junk at every /api route, Bungie outages, the session quota…');
const reliability = await benchReliability();
console.log(`  ${reliability.fuzz.routes} routes x ${reliability.fuzz.inputsPerRoute} inputs, failing: ${reliability.fuzz.routesFailing.length}; outage scenarios survived ${reliability.outages.survived}/${reliability.outages.scenarios}`);
await run(`${root}node_modules/.bin/vite`, ['build', '--logLevel', 'error']);
const persistDir = mkdtempSync(join(tmpdir(), 'vault-raider-bench-'));
const stack = await startStack({ appPort: await freePort(), simPort: await freePort(), publisherPort: await freePort(), persistDir });
try {
  console.log('Opening the vault in Chromium: warm offline start and first-visit bytes…');
  const firstVisit = await benchFirstVisit(stack);
  console.log(JSON.stringify(firstVisit));
  console.log('Lighthouse on the signed-in vault page (mobile x3, desktop)…');
  const lighthouse = await benchLighthouseAll(stack);
  console.log(`  mobile median: ${JSON.stringify(lighthouse.mobile.medianScores)}; desktop: ${JSON.stringify(lighthouse.desktop.scores)}; installability errors: ${lighthouse.desktop.installabilityErrors.length}`);
  console.log('GET /api/profile from 200 sessions at once…');
  const apiProfile = await benchApiProfile(stack);
  console.log('Moves soak: 200 random moves under injected faults, offline periods and two reloads…');
  const soak = await benchSoak(stack);
  console.log(`  ${soak.moves} moves: ${soak.lost} lost, ${soak.appliedTwice} applied twice, ${soak.finalStateMismatches} items not where expected; drained in ${soak.drainMs} ms (ideal ${soak.idealDrainMs} ms)`);
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    benchmarks: {
      'publish-shards': {
        what: 'Publishing the item table into shards: streaming (as the Worker does, under a hard 64 MB V8 heap cap) against downloading the whole table and JSON.parse-ing it; each in a fresh Node process, the simulator in another',
        ...publish
      },
      'vault-start-and-first-visit': {
        what: 'Headless Chromium, 390x844: navigation to the vault painted from the device with no network (performance mark, median of 10 warm starts, each begun from an idle page) against the online start until fresh data shows (median of 3); bytes a first visit downloads (shards + index + profile, gzipped) against the raw item table and the raw GetProfile of the same components',
        ...firstVisit
      },
      lighthouse: {
        what: "Lighthouse 13 on the signed-in vault page as a returning player opens it (storage kept), in Debian's Chromium: mobile (emulated phone, simulated slow 4G, 4x CPU slowdown) median of 3, and desktop; Chromium's own installability check (Page.getInstallabilityErrors) in the same persistent profile",
        ...lighthouse
      },
      'moves-soak': {
        what: "200 random moves (transfer, equip, lock) carried out by the device's runner (Dexie on fake-indexeddb) through the app under wrangler dev, while the simulator fails 20% of calls, adds 30 ms latency, throttles in a burst and goes down for maintenance, the network drops out twice and the page is reloaded twice with a call in flight; expected state: the same moves planned once each with no faults. Ideal drain: actions x (latency + 0.1 s)",
        ...soak
      },
      reliability: {
        what: 'The edge in workerd (real KV and R2, the simulator over HTTP): fast-check inputs per /api route that must each be refused 4xx with a JSON error and change nothing (routes failing = counterexamples found); Bungie outage scenarios (maintenance as an envelope, as an OAuth error, as an HTML 503; JSON cut short; throttling; a token refresh during maintenance; no answer in 15 s) answered in plain words with the session kept',
        ...reliability
      },
      'api-profile-200-sessions': {
        what: "GET /api/profile from 200 signed-in sessions at once (5 waves, one call per session each) against wrangler dev and the simulator's real account; baselines: the same GetProfile straight to the simulator, and the app's cheapest route under wrangler dev",
        ...apiProfile
      }
    }
  };
  writeFileSync(`${root}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);
  const m = apiProfile.apiProfile;
  console.log(`GET /api/profile, 200 sessions: ${m.requests} requests, ${m.errors} errors, ${m.requestsPerSecond} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms`);
  console.log(`  baseline, direct to the simulator: ${apiProfile.baselineDirectBungie.requestsPerSecond} req/s, p99 ${apiProfile.baselineDirectBungie.p99Ms} ms (p99 ratio ${apiProfile.p99RatioToDirectBungie}x)`);
  console.log(`  baseline, the app's cheapest route: ${apiProfile.baselineAppFloor.requestsPerSecond} req/s, p99 ${apiProfile.baselineAppFloor.p99Ms} ms (throughput ratio ${apiProfile.throughputRatioToAppFloor}x)`);
} finally {
  await stack.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
