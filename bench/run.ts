import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { ensureDevVars, root } from '../scripts/lib/stack.ts';
import { benchApiProfile } from './api-profile.ts';
import { benchFirstScreen } from './first-screen.ts';
import { benchFirstVisit } from './first-visit.ts';
import { benchLoadout } from './loadout.ts';
import { benchPlayerData } from './player-data.ts';
import { benchItemSheet } from './item-sheet.ts';
import { benchSearch } from './search.ts';
import { benchLighthouseAll } from './lighthouse.ts';
import { benchPublish } from './publish.ts';
import { benchReliability } from './reliability.ts';
import { startScratchStack } from './scratch-stack.ts';
import { benchSoak } from './soak.ts';

/**
 * `npm run bench`: measures, writes bench/results.json, prints a summary. Each figure is measured
 * next to its baseline in the same run, on this machine, so the ratio is what to compare.
 */
ensureDevVars();
console.log(
  'Publishing shards: streaming against one JSON.parse of the whole table (medians of 3 each)…'
);
const publish = await benchPublish();
for (const [name, figures] of Object.entries(publish) as [
  string,
  {
    items: number;
    rawTableMB: number;
    streaming: { ms: number; peakMemoryMB: number };
    baselineWholeParse: { ms: number; peakMemoryMB: number };
    shardsGzipPercentOfRawTable: number;
    noChangeRunMs: number;
  }
][]) {
  console.log(
    `  ${name} (${figures.items} items, ${figures.rawTableMB} MB): streaming ${figures.streaming.ms} ms / ${figures.streaming.peakMemoryMB} MB; whole parse ${figures.baselineWholeParse.ms} ms / ${figures.baselineWholeParse.peakMemoryMB} MB; shards gzipped ${figures.shardsGzipPercentOfRawTable}% of the raw table; no-change run ${figures.noChangeRunMs} ms`
  );
}
console.log(
  'Hardening in workerd: generated junk at every /api route, Bungie outages, the session quota…'
);
const reliability = await benchReliability();
console.log(
  `  ${reliability.fuzz.routes} routes x ${reliability.fuzz.inputsPerRoute} inputs (seed ${reliability.fuzz.seed}), failing: ${reliability.fuzz.routesFailing.length}; outage scenarios survived ${reliability.outages.survived}/${reliability.outages.scenarios}`
);
console.log(`  the same inputs again: ${reliability.fuzz.reproduce}`);
const stack = await startScratchStack();
try {
  console.log(
    'Opening the vault in Chromium: a first visit (bytes as transferred), then warm starts…'
  );
  const firstVisit = await benchFirstVisit(stack);
  console.log(JSON.stringify(firstVisit));
  console.log(
    'A first visit on an emulated phone on slow 4G: the first screen, with and without the edge…'
  );
  const firstScreen = await benchFirstScreen(stack);
  console.log(
    `  first screen ${firstScreen.firstScreenMs} ms (waiting for the shards: ${firstScreen.baselineShardsFirst.firstScreenMs} ms); definitions before it ${firstScreen.definitionBytesBeforeAsTransferred} bytes = ${firstScreen.definitionPercentOfRawTable}% of the raw table (shards: ${firstScreen.baselineShardsFirst.definitionPercentOfRawTable}%); everything before it ${firstScreen.allBytesPercentOfRawTable}%`
  );
  console.log(
    'Lighthouse on the signed-in vault page (mobile: first visit x3, returning x3; desktop, returning)…'
  );
  const lighthouse = await benchLighthouseAll(stack);
  console.log(
    `  mobile median, first visit: ${JSON.stringify(lighthouse.mobile.firstVisit.medianScores)}; returning: ${JSON.stringify(lighthouse.mobile.returning.medianScores)}; desktop, returning: ${JSON.stringify(lighthouse.desktop.scores)}; installability errors: ${lighthouse.desktop.installabilityErrors?.length ?? 'not checked'}`
  );
  console.log('Player data: the real DIM backup imported, 200 tag edits made offline…');
  const playerData = await benchPlayerData(stack);
  console.log(
    `  import: ${playerData.import.updatesSent} updates in ${playerData.import.requests} requests, ${playerData.import.ms} ms (one update per request: ${playerData.import.baselineOneUpdatePerRequestMs} ms); offline edits: ${playerData.offlineEdits.edits} edits → ${playerData.offlineEdits.updatesSent} updates in ${playerData.offlineEdits.requests} requests, drained in ${playerData.offlineEdits.drainMs} ms (ideal ${playerData.offlineEdits.idealMs} ms)`
  );
  console.log('Search as a player types, on the real account and a full generated one…');
  const search = await benchSearch(stack);
  for (const [account, figures] of Object.entries(search))
    console.log(
      `  ${account}, ${figures.items} items: filter p50 ${figures.dimLanguage.filter.p50Ms} ms, p95 ${figures.dimLanguage.filter.p95Ms} ms (plain words ${figures.baselinePlainWords.filter.p95Ms} ms), on screen p50 ${figures.dimLanguage.painted.p50Ms} ms, p95 ${figures.dimLanguage.painted.p95Ms} ms (plain words ${figures.baselinePlainWords.painted.p95Ms} ms)`
    );
  console.log('Tap to item sheet, warm and offline (20 taps a data set)…');
  const itemSheet = await benchItemSheet(stack);
  for (const [set, figures] of Object.entries(itemSheet).filter(([k]) => k !== 'taps'))
    console.log(`  ${set}: ${JSON.stringify(figures)}`);
  console.log('GET /api/profile from 200 sessions at once…');
  const apiProfile = await benchApiProfile(stack);
  console.log(
    'Moves soak: 200 random moves under injected faults, offline periods and two reloads…'
  );
  const soak = await benchSoak(stack);
  console.log(
    `  ${soak.moves} moves: ${soak.lost} lost, ${soak.appliedTwice} steps applied twice, ${soak.unplannedActions} actions nobody planned, ${soak.finalStateMismatches} items not where expected; drained in ${soak.drainMs} ms (ideal ${soak.idealDrainMs} ms)`
  );
  console.log(
    'A 10-item loadout spread over the vault and two characters, applied (batched, one equip per call, 20% failures)…'
  );
  const loadout = await benchLoadout(stack);
  console.log(
    `  ${loadout.batched.actionCalls} calls in ${loadout.batched.ms} ms (ideal ${loadout.batched.idealMs} ms); one equip per call: ${loadout.baselineOneEquipPerCall.actionCalls} calls in ${loadout.baselineOneEquipPerCall.ms} ms; 20% failures: ${loadout.withFailures20.lost} lost, ${loadout.withFailures20.appliedTwice} twice, ${loadout.withFailures20.ms} ms`
  );
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    benchmarks: {
      'publish-shards': {
        what: 'Publishing the item table into shards: streaming (as the Worker does, under a hard 64 MB V8 heap cap) against the simplest correct alternative, baselineWholeParse (download the table, one JSON.parse, slim each entry and build shards with the same functions; checked to give the same items and bytes per shard). Each run is a fresh Node process (a cold V8) against a warm simulator (one discarded run first) in another process; ms and peakMemoryMB (heap and array buffers above the start) are medians of 3 alternating runs, and timeRatio and memoryRatio divide the streaming medians by the baseline medians of this run. rawTableMB: the table as the simulator serves it, uncompressed; shardsGzipPercentOfRawTable: all item shards gzipped (level 6) against that raw table; noChangeRunMs and afterBumpOf1Percent: further runs on the store of a full publish',
        ...publish
      },
      'vault-start-and-first-visit': {
        what: "Headless Chromium, 390x844, the app under wrangler dev. firstVisit (cold): a fresh browser context holding only the session cookie (no service worker, nothing stored or cached) opens the vault; coldFreshMs: navigation until fresh data shows (performance mark); ...AsTransferred: response headers and bodies as the browser received them over the network (DevTools protocol, Network.loadingFinished encodedDataLength; the service worker's own fetches counted, its answers to the page not counted again), from the navigation until the page, the service worker's install and the shard sync are done (1.5 s without a request); the content encodings seen are listed (identity: sent uncompressed). Baselines from the same run: the item table and a GetProfile of the same components as the simulator serves them (raw) and gzipped here (level 6, an estimate of what a compressing CDN sends). start (warm: the same context after the first visit, service worker active, data on the device): navigation to the vault painted from the device with no network (performance mark, median of 10, each begun from an idle page) against a warm online start until fresh data shows (median of 3). refreshNothingNew (warm, online, nothing changed in the account): on a vault page already open and idle, a refresh (the page regaining focus) until the device has stored when it heard the profile; the profile answer's bytes as transferred and the main-thread task time of the page meanwhile (DevTools Performance.getMetrics TaskDuration before and after; the wait polls the device's stamp every 100 ms, counted alike in all), the device sending the tag of the profile it holds, against baselineUnconditional: the same refresh as before conditional answers, when nothing was tagged: the If-None-Match header removed from the request and the ETag header from its answer, in flight (DevTools protocol Fetch domain, the body untouched), after one such refresh uncounted, so the device holds a digest of the content and hashes the whole profile to see that it is unchanged; baselineKeepingTag: the If-None-Match header removed alone (the answer's tag tells the device the content is unchanged); medians of 5, in turn",
        ...firstVisit
      },
      'first-screen-slow-4g': {
        what: "A signed-in player's cold first visit to the vault (a fresh context holding only the session cookie), real account, 390x844, the network throttled as Lighthouse's mobile slow 4G is applied by DevTools (562.5 ms request latency, 1,474.56 kbps down, 675 kbps up; Network.emulateNetworkConditions) and the CPU slowed 4x (Emulation.setCPUThrottlingRate). firstScreenMs: navigation until the vault shows fresh data (the vault-fresh performance mark; its tiles are painted then); bytesBeforeAsTransferred: every response finished by then (headers and bodies as received, the app's code and its service worker's install included); definitionBytesBeforeAsTransferred: of those, the first visit's profile answer, which carries the definitions of the player's items and the small tables (counted whole, the profile with them), and /api/shards/* (any item shard, the index); percentages against the raw item table the simulator serves. Against baselineShardsFirst: the same visit with the profile asked for without the definitions (the request's ?with=definitions removed on the way out), so the vault waits for its item shards as it did before the edge answered them. Medians of 3, alternating",
        ...firstScreen
      },
      lighthouse: {
        what: "Lighthouse 13 on the signed-in vault page in Debian's Chromium, a fresh browser profile each run. mobile (emulated phone, simulated slow 4G, 4x CPU slowdown), median of 3 for each visit, runs alternating: firstVisit, the profile holds only the session cookie (no service worker, nothing stored or cached; Lighthouse's storage reset on); returning, the profile after a visit to the vault with storage kept (service worker active, shards and profile on the device, Lighthouse's storage reset off). The goal applies to both. desktop: once, returning. installabilityErrors: Chromium's own check (Page.getInstallabilityErrors) in the returning profile",
        ...lighthouse
      },
      'moves-soak': {
        what: "200 random moves (transfer, equip, lock) carried out by the device's runner (Dexie on fake-indexeddb) through the app under wrangler dev, while the simulator fails 20% of calls, adds 30 ms latency, throttles in a burst and goes down for maintenance, the network drops out twice and the page is reloaded twice with a call in flight; expected state: the same moves planned once each with no faults. Counted per intent and per step from the simulator's action log: each successful action is matched to the runner's call that asked for it (the same request, logged while that call was open), so to its intent and planned step. appliedTwice: successes beyond a step's first; stepsNeverApplied: planned steps with none; unplannedActions: successes no planned step of their intent asked for; lost: intents that left the outbox without being carried out, or were carried out with a planned step never applied; outcomeNotAsPlanned: intents failed that the plan carries out, or carried out that it refuses. drainMs: wall clock from the first move queued until none is pending; idealDrainMs: planned steps x (the mean time of one action call in this run + 0.1 s spacing), as loadout-apply counts its ideal; idealAtInjectedLatencyMs: planned steps x (the injected 30 ms + 0.1 s), the ideal as counted before, whatever the machine's speed",
        ...soak
      },
      'loadout-apply': {
        what: "A Hunter loadout of 10 items (the Titan's equipped kinetic, the Warlock's carried energy weapon, a vault power weapon and five vault Hunter armor pieces to equip; two weapons to carry, from the Titan and the vault), applied from the real account, reset before each run, by the device's runner (Dexie on fake-indexeddb) through the app under wrangler dev, the simulator at 30 ms a call. batched: as the app does it (the items brought first, then one EquipItems for the equips); baselineOneEquipPerCall: the same application with each equip its own call (the simplest alternative); ms: from the runner's start until nothing is pending (one profile read included); actionCalls: calls Bungie carried out (an EquipItems of eight items is one); idealMs: actionCalls x (the mean time of an action call in that run + 0.1 s spacing); withFailures20: batched again while the simulator fails 20% of calls. appliedTwice: successful actions in the simulator's log with the same request more than once; lost: moves left in the outbox; notInPlace: items of the loadout not where it puts them",
        ...loadout
      },
      reliability: {
        what: 'The edge in workerd (real KV and R2, the simulator over HTTP): fast-check inputs per /api route, from a new seed each bench run (fuzz.seed; fuzz.reproduce tries the same inputs again; npm test uses a fixed seed), that must each be refused 4xx with a JSON error and change nothing (routes failing = counterexamples found); Bungie outage scenarios (maintenance as an envelope, as an OAuth error, as an HTML 503; JSON cut short; throttling; a token refresh during maintenance; no answer in 15 s) answered in plain words with the session kept',
        ...reliability
      },
      'player-data': {
        what: "Headless Chromium against wrangler dev, the player-data object in workerd's SQLite. import: the real DIM backup (test/fixtures/dim-api) chosen on /settings until the edge answers every record (polled every 50 ms); updatesSent and requests: what the app POSTed, after folding edits of the same thing; baseline: the same updates POSTed by the page one per request, in sequence, right after (the simplest sync without batching). offlineEdits: with the network off, every legendary weapon a search finds is tagged Favorite, then Junk, from the search's bulk bar (edits = 2 per item); then the network returns, and drainMs runs until the edge has answered an update for every item (the app's 'online' wake, its 300 ms batching wait and the requests); ideal: the same updates POSTed at once by the page in batches of 100, right after",
        ...playerData
      },
      'item-sheet': {
        what: "Headless Chromium (390x844, no CPU slowdown) against wrangler dev, warm and offline: a returning player's browser (service worker, item and detail shards and the profile on the device; one sheet opened online first, so the detail shards are in), then the network off and the vault reloaded. Each tap a click on the weapon's tile dispatched in the page, measured by the page from the click until the sheet's perks (a plugged one) are in the page and painted (the next frame, then a task); on the generated data, whose definitions carry investment stats, until its stat bars are too. firstTapMs: the first tap after the reload (the shards read from IndexedDB into memory); medianMs and maxMs: the next 20. Baseline, the same taps: until the dialog itself is painted with the item's name (a sheet with no perks or stats, the simplest one). Goal: median under 100 ms",
        ...itemSheet
      },
      search: {
        what: "Headless Chromium (390x844, no CPU slowdown) against wrangler dev, on two accounts (items: every item of the vault and the characters, equipped included): realAccount, the real 2021 account; generatedFullAccount, a generated account with the vault full and every bucket of each character at capacity, consumables included. Each query typed a key at a time (120 ms apart) into /search; the page measures each keystroke itself: filter, the query's parse, compile and filter over every item (performance.measure around it); painted, from the keystroke's input event until the frame after its results are in the page (requestAnimationFrame, then a task). dimLanguage: the queries listed; baselinePlainWords: a plain two-word query matched to names (two names of that account), the simplest search, typed the same way in the same page; goal: filter under 16 ms, on screen under 50 ms",
        ...search
      },
      'api-profile-200-sessions': {
        what: "GET /api/profile from 200 signed-in sessions at once against wrangler dev and the simulator's real account (each session one call a wave, waves of 200). First every session's first call, as its device made when it opened the vault (not counted: it warms the runtime and gives each device its tag). apiProfile, refreshes: 5 waves, each session sending the tag of the profile it holds (If-None-Match), nothing changed in the account, so 304s (notModified counts them); apiProfileWithoutTag: 5 more waves with no tag, as devices that hold no profile (the whole slim profile each time). Baselines measured right after, in the same run: the same GetProfile straight to the simulator (Bungie has no conditional answers), and the app's cheapest route under wrangler dev. appCpuMsPerRequest: a CPU profile of the app's Worker (the runtime's DevTools Profiler, sampling) over one more wave of each kind, not counted above, its sampled time divided by the 200 calls, by stage: each sample goes to the nearest of the route's functions on its stack (session: the session's KV read and decryption; bungieCall: the request; bungieAnswerRead: reading Bungie's answer's bytes; fingerprint: its mint times cut out and the rest hashed; bungieAnswerParse: decoding and parsing Bungie's JSON; slotTable: the published item-to-slot table; slim: slimming the profile and its item details; answerJson: the route's own work, mostly the slim profile turned into JSON; etag: its SHA-256), else to other (the runtime, its HTTP proxy and compression, Hono, SvelteKit), idle left out; on this busy machine a sample taken after the thread waited for a core charges the wait to the function running, so these say which functions, not how much). cpuMsPerRequest: CPU time a request by process, exact (Linux /proc, user and system), over each load: app (wrangler dev: its proxy and the app's runtime), simulator, and the benchmark's own client",
        ...apiProfile
      }
    }
  };
  writeFileSync(`${root}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);
  const m = apiProfile.apiProfile;
  const w = apiProfile.apiProfileWithoutTag;
  console.log(
    `GET /api/profile, 200 sessions refreshing: ${m.requests} requests (${m.notModified} answered 304), ${m.errors} errors, ${m.requestsPerSecond} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms`
  );
  console.log(
    `  without a tag: ${w.requests} requests, ${w.errors} errors, ${w.requestsPerSecond} req/s, p50 ${w.p50Ms} ms, p99 ${w.p99Ms} ms`
  );
  console.log(
    `  baseline, direct to the simulator: ${apiProfile.baselineDirectBungie.requestsPerSecond} req/s, p99 ${apiProfile.baselineDirectBungie.p99Ms} ms (p99 ratio ${apiProfile.p99RatioToDirectBungie}x refreshing, ${apiProfile.p99RatioToDirectBungieWithoutTag}x without a tag)`
  );
  console.log(
    `  baseline, the app's cheapest route: ${apiProfile.baselineAppFloor.requestsPerSecond} req/s, p99 ${apiProfile.baselineAppFloor.p99Ms} ms (throughput ratio ${apiProfile.throughputRatioToAppFloor}x)`
  );
  console.log(`  CPU ms a request by process: ${JSON.stringify(apiProfile.cpuMsPerRequest)}`);
  if (apiProfile.appCpuMsPerRequest)
    console.log(
      `  the app's Worker, ms a request by stage: ${JSON.stringify(apiProfile.appCpuMsPerRequest)}`
    );
} finally {
  await stack.stop();
}
