// Over 200 lines: the browser measurements of a start, each next to the baseline it is compared with.
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Request } from 'playwright-core';
import { chromium } from 'playwright-core';
import { PROFILE_COMPONENTS } from '../src/lib/bungie/components.ts';
import type { Stack } from '../scripts/lib/stack.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signInOnly } from './browser.ts';

const API_KEY = 'sim-api-key-0000000000000000000000';
const RUNS = 10;
const VIEWPORT = { width: 390, height: 844 };

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Transfer {
  url: string;
  /** Response headers and body as they crossed the network; 0 for an answer from the service worker. */
  bytes: number;
  contentEncoding: string;
}

/**
 * Bytes the browser received for one response, from the DevTools protocol: Playwright's sizes are
 * Network.loadingFinished's encodedDataLength, split into headers and body (so an answer the service
 * worker gave sums to 0, its own fetch being counted where it went out). Chromium reports no body for
 * a service worker's script; its Content-Length is what crossed the wire.
 */
async function transferOf(request: Request): Promise<Transfer | undefined> {
  try {
    const response = await request.response();
    if (!response) return undefined;
    const sizes = await request.sizes();
    const headers = await response.allHeaders();
    const declared = Number(headers['content-length'] ?? 0);
    const body =
      sizes.responseBodySize <= 0 &&
      !response.fromServiceWorker() &&
      response.status() !== 304 &&
      declared > 0
        ? declared
        : sizes.responseBodySize;
    return {
      url: request.url(),
      bytes: sizes.responseHeadersSize + body,
      contentEncoding: headers['content-encoding'] ?? 'identity'
    };
  } catch {
    return undefined;
  }
}

/** Records every response of the context (pages and service workers) from now until `stop`. */
export function recordTransfers(context: BrowserContext) {
  const transfers: Promise<Transfer | undefined>[] = [];
  let inFlight = 0;
  let lastChange = Date.now();
  const started = () => {
    inFlight++;
    lastChange = Date.now();
  };
  const ended = (request: Request, finished: boolean) => {
    inFlight = Math.max(0, inFlight - 1);
    lastChange = Date.now();
    if (finished) transfers.push(transferOf(request));
  };
  const onFinished = (request: Request) => ended(request, true);
  const onFailed = (request: Request) => ended(request, false);
  context.on('request', started);
  context.on('requestfinished', onFinished);
  context.on('requestfailed', onFailed);
  return {
    /** Until nothing has been in flight for `ms`. */
    async quiet(ms: number, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 || Date.now() - lastChange < ms) {
        if (Date.now() > deadline)
          throw new Error(`The first visit was still loading after ${timeoutMs / 1000} s`);
        await sleep(100);
      }
    },
    async stop(): Promise<Transfer[]> {
      context.off('request', started);
      context.off('requestfinished', onFinished);
      context.off('requestfailed', onFailed);
      return (await Promise.all(transfers)).filter((t) => t !== undefined);
    }
  };
}

/**
 * A signed-in player's first visit to the vault, in a fresh browser context holding only the session
 * cookie (no service worker, no storage, nothing cached): the time until fresh data shows, and every
 * byte the browser received until the page, its service worker's install and the shard sync were done.
 * The context is then a returning player's, and is returned for the warm starts.
 */
async function firstVisit(browser: Browser, stack: Stack) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await signInOnly(page, stack);
  const recording = recordTransfers(context);
  await page.goto(`${stack.appUrl}/vault`);
  const fresh = await page.waitForFunction(
    () => performance.getEntriesByName('vault-fresh')[0]?.startTime,
    undefined,
    { timeout: 60_000 }
  );
  const coldFreshMs = Math.round(((await fresh.jsonValue()) as number) * 10) / 10;
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await recording.quiet(1500);
  const transfers = await recording.stop();
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.close();

  const ofOrigin = (url: string) =>
    transfers.filter((t) => new URL(t.url).origin === new URL(url).origin);
  const ofApp = ofOrigin(stack.appUrl);
  const path = (t: Transfer) => new URL(t.url).pathname;
  const sum = (list: Transfer[]) => list.reduce((n, t) => n + t.bytes, 0);
  const encodings = (list: Transfer[]) => [...new Set(list.map((t) => t.contentEncoding))];
  const shards = ofApp.filter(
    (t) => path(t).startsWith('/api/shards/') && path(t) !== '/api/shards/index'
  );
  const shardIndex = ofApp.filter((t) => path(t) === '/api/shards/index');
  const profile = ofApp.filter((t) => path(t) === '/api/profile');
  return {
    context,
    coldFreshMs,
    transferred: {
      shards: {
        count: new Set(shards.filter((t) => t.bytes > 0).map(path)).size,
        bytes: sum(shards),
        contentEncodings: encodings(shards)
      },
      shardIndexBytes: sum(shardIndex),
      profile: { bytes: sum(profile), contentEncodings: encodings(profile) },
      appBytes: sum(ofApp),
      // Item icons come from Bungie's origin: the simulator's here.
      iconBytes: sum(ofOrigin(stack.simUrl)),
      totalBytes: sum(transfers),
      responses: transfers.length
    }
  };
}

/** Navigation to the vault painted from the device, offline, warm (median of 10), and, online, until fresh data is shown. */
async function startTimes(context: BrowserContext, stack: Stack) {
  const page = await context.newPage();
  const fresh: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${stack.appUrl}/vault`);
    const handle = await page.waitForFunction(
      () => performance.getEntriesByName('vault-fresh')[0]?.startTime,
      undefined,
      { timeout: 60_000 }
    );
    fresh.push((await handle.jsonValue()) as number);
  }
  await context.setOffline(true);
  const painted: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${stack.appUrl}/vault`);
    const handle = await page.waitForFunction(
      () => performance.getEntriesByName('vault-painted')[0]?.startTime,
      undefined,
      { timeout: 30_000 }
    );
    painted.push((await handle.jsonValue()) as number);
    // Each start begins on an idle page, as a start from the home screen does: the previous page
    // finishes rendering the sections on screen before the next navigation.
    await page.waitForTimeout(500);
  }
  await context.setOffline(false);
  await page.close();
  return {
    warmOfflinePaintMs: median(painted),
    runs: RUNS,
    baselineWarmOnlineFreshMs: median(fresh),
    baselineRuns: fresh.length,
    ratio: Math.round((median(painted) / median(fresh)) * 100) / 100
  };
}

/**
 * A refresh when nothing changed in the account, on a vault page already open and idle (warm): the
 * profile answer's bytes as transferred, and the main-thread task time from the refresh's start
 * (the page regaining focus) until the device has stored when it heard the profile (DevTools
 * Performance.getMetrics TaskDuration, before and after). The device sends the tag of the profile
 * it holds; the baseline is the refresh as it was before conditional answers: the whole profile
 * downloaded, parsed and hashed whole to find it unchanged (below). Medians of 5 each, in turn.
 */
async function refreshWithNothingNew(context: BrowserContext, stack: Stack) {
  type Run = { profileBytes: number; profileStatus: number; taskMs: number };
  /**
   * conditional: as the app refreshes, sending the tag it holds. baselineUnconditional: as before
   * conditional answers, when nothing was tagged: the request without `If-None-Match` and its
   * answer without `ETag` (both changed in flight by the DevTools protocol, the body untouched), so
   * the device hashes the whole profile to see that it is unchanged. baselineKeepingTag: the
   * request without `If-None-Match` alone, whose answer's tag tells the device the same.
   */
  type Kind = 'conditional' | 'baselineKeepingTag' | 'baselineUnconditional';
  /** Each run's order, with the unmeasured refreshes that give it the state it starts from. */
  const turn: { kind: Kind; measured: boolean }[] = [
    { kind: 'conditional', measured: true },
    { kind: 'baselineKeepingTag', measured: true },
    // The device then holds a digest of the content, as it did before tags.
    { kind: 'baselineUnconditional', measured: false },
    { kind: 'baselineUnconditional', measured: true },
    // And the tag again, for the next conditional refresh.
    { kind: 'baselineKeepingTag', measured: false }
  ];
  const runs: Record<Kind, Run[]> = {
    conditional: [],
    baselineKeepingTag: [],
    baselineUnconditional: []
  };
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () =>
    (
      (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    ).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const isProfile = (url: string | URL) => new URL(url).pathname === '/api/profile';
  let current: Kind = 'conditional';
  // A failed DevTools call must not end the process: it is thrown where the run waits instead.
  let interceptFailure: unknown;
  const guard = (sent: Promise<unknown>) =>
    void sent.catch((error: unknown) => (interceptFailure ??= error));
  cdp.on('Fetch.requestPaused', (paused: FetchPaused) => {
    const { requestId } = paused;
    // An answer that failed (the request cut off, say) goes on as it is.
    if (paused.responseErrorReason) return guard(cdp.send('Fetch.continueRequest', { requestId }));
    if (paused.responseStatusCode === undefined) {
      const headers = Object.entries(paused.request.headers)
        .filter(([name]) => current === 'conditional' || name.toLowerCase() !== 'if-none-match')
        .map(([name, value]) => ({ name, value }));
      guard(cdp.send('Fetch.continueRequest', { requestId, headers }));
    } else {
      const responseHeaders = (paused.responseHeaders ?? []).filter(
        ({ name }) => current !== 'baselineUnconditional' || name.toLowerCase() !== 'etag'
      );
      guard(
        cdp.send('Fetch.continueResponse', {
          requestId,
          responseCode: paused.responseStatusCode,
          responseHeaders
        })
      );
    }
  });
  const urlPattern = `${stack.appUrl}/api/profile*`;
  await cdp.send('Fetch.enable', {
    patterns: [
      { urlPattern, requestStage: 'Request' },
      { urlPattern, requestStage: 'Response' }
    ]
  });
  await page.goto(`${stack.appUrl}/vault`);
  await page.waitForFunction(
    () => performance.getEntriesByName('vault-fresh').length > 0,
    undefined,
    { timeout: 60_000 }
  );
  await sleep(1500);
  for (let i = 0; i < 5; i++) {
    for (const { kind, measured } of turn) {
      current = kind;
      const heard = await page.evaluate(profileHeardAt);
      const recording = recordTransfers(context);
      const answer = page.waitForResponse((r) => isProfile(r.url()));
      const before = await taskSeconds();
      await page.evaluate(() => dispatchEvent(new Event('focus')));
      // Polled from here, every 100 ms: each poll is one small IndexedDB read in the page, counted alike in all.
      for (let t = Date.now(); (await page.evaluate(profileHeardAt)) <= heard; await sleep(100)) {
        if (interceptFailure) throw interceptFailure;
        if (Date.now() - t > 30_000)
          throw new Error('The refresh never stored when it heard the profile');
      }
      const after = await taskSeconds();
      const profileStatus = (await answer).status();
      await recording.quiet(300);
      const profileBytes = (await recording.stop())
        .filter((t) => isProfile(t.url))
        .reduce((n, t) => n + t.bytes, 0);
      if (measured)
        runs[kind].push({ profileBytes, profileStatus, taskMs: (after - before) * 1000 });
      // An unmeasured refresh rewrites the profile and re-renders the vault: let that settle.
      await sleep(measured ? 500 : 1500);
    }
  }
  await cdp.send('Fetch.disable');
  await page.close();
  const summary = (list: Run[]) => ({
    profileBytesAsTransferred: median(list.map((r) => r.profileBytes)),
    profileStatuses: [...new Set(list.map((r) => r.profileStatus))],
    mainThreadTaskMs: median(list.map((r) => r.taskMs))
  });
  const conditional = summary(runs.conditional);
  const baseline = summary(runs.baselineUnconditional);
  return {
    ...conditional,
    baselineUnconditional: baseline,
    baselineKeepingTag: summary(runs.baselineKeepingTag),
    bytesRatio:
      Math.round(
        (conditional.profileBytesAsTransferred / baseline.profileBytesAsTransferred) * 1000
      ) / 1000,
    taskTimeRatio:
      Math.round((conditional.mainThreadTaskMs / baseline.mainThreadTaskMs) * 100) / 100
  };
}

/** What the DevTools protocol's `Fetch.requestPaused` says of a request (or its answer) it holds. */
interface FetchPaused {
  requestId: string;
  request: { headers: Record<string, string> };
  responseStatusCode?: number;
  responseErrorReason?: string;
  responseHeaders?: { name: string; value: string }[];
}

/** Runs in the page: when the device last heard the profile (its stamp's savedAt), 0 when none. */
async function profileHeardAt(): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('vault-raider');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    const meta = db.transaction('meta').objectStore('meta');
    const read = <T>(key: string) =>
      new Promise<T | undefined>(
        (resolve) => (meta.get(key).onsuccess = (e) => resolve((e.target as IDBRequest).result))
      );
    const last = await read<{ value: string }>('lastMembership');
    return (
      (await read<{ value: { savedAt: number } }>(`profileStamp:${last?.value}`))?.value.savedAt ??
      0
    );
  } finally {
    db.close();
  }
}

/**
 * The baselines a first visit is compared with, fetched here from the simulator: Bungie's item table
 * and a GetProfile of the components the app reads, as served (uncompressed) and gzipped (level 6,
 * roughly what a compressing CDN sends).
 */
export async function baselines(stack: Stack) {
  const sizes = async (url: string, headers: Record<string, string> = {}) => {
    const body = Buffer.from(await (await fetch(url, { headers })).arrayBuffer());
    return { raw: body.length, gzip: gzipSync(body).length };
  };
  const manifest = (await (
    await fetch(`${stack.simUrl}/Platform/Destiny2/Manifest/`, {
      headers: { 'X-API-Key': API_KEY }
    })
  ).json()) as { Response: { jsonWorldComponentContentPaths: { en: Record<string, string> } } };
  const table = await sizes(
    `${stack.simUrl}${manifest.Response.jsonWorldComponentContentPaths.en.DestinyInventoryItemDefinition}`
  );
  const state = (await (await fetch(`${stack.simUrl}/__sim/state`)).json()) as {
    membership: { membershipType: number; membershipId: string };
  };
  const approve = await fetch(`${stack.simUrl}/en/OAuth/Authorize`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: '40000', state: 'b' }),
    redirect: 'manual'
  });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const token = (
    (await (
      await fetch(`${stack.simUrl}/Platform/App/OAuth/token/`, {
        method: 'POST',
        headers: { Authorization: `Basic ${btoa('40000:sim-client-secret-00000000000000000000')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code })
      })
    ).json()) as { access_token: string }
  ).access_token;
  const profile = await sizes(
    `${stack.simUrl}/Platform/Destiny2/${state.membership.membershipType}/Profile/${state.membership.membershipId}/?components=${PROFILE_COMPONENTS.join(',')}`,
    { 'X-API-Key': API_KEY, Authorization: `Bearer ${token}` }
  );
  return {
    rawItemTableBytes: table.raw,
    rawItemTableGzipBytes: table.gzip,
    rawGetProfileBytes: profile.raw,
    rawGetProfileGzipBytes: profile.gzip
  };
}

/** The real account, then a generated account with a full vault. */
export async function benchFirstVisit(stack: Stack) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const out: Record<string, unknown> = {};
    for (const [name, reset] of [
      ['real', { dataset: 'real' }],
      ['generatedFullVault', { dataset: 'generated', vaultFill: 600, carried: 'some' }]
    ] as const) {
      await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: JSON.stringify(reset) });
      const published = await stack.publish();
      if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
      const visit = await firstVisit(browser, stack);
      const start = await startTimes(visit.context, stack);
      const refreshNothingNew = await refreshWithNothingNew(visit.context, stack);
      await visit.context.close();
      const base = await baselines(stack);
      const { transferred } = visit;
      const pct = (a: number, b: number) => Math.round((a / b) * 10000) / 100;
      const shardsAndIndex = transferred.shards.bytes + transferred.shardIndexBytes;
      out[name] = {
        start,
        refreshNothingNew,
        firstVisit: {
          coldFreshMs: visit.coldFreshMs,
          shardCount: transferred.shards.count,
          shardsBytesAsTransferred: transferred.shards.bytes,
          shardIndexBytesAsTransferred: transferred.shardIndexBytes,
          shardsContentEncoding: transferred.shards.contentEncodings,
          profileBytesAsTransferred: transferred.profile.bytes,
          profileContentEncoding: transferred.profile.contentEncodings,
          pageLoadBytesAsTransferred: transferred.totalBytes,
          appBytesAsTransferred: transferred.appBytes,
          iconBytesAsTransferred: transferred.iconBytes,
          responses: transferred.responses,
          ...base,
          shardsAndIndexPercentOfRawTable: pct(shardsAndIndex, base.rawItemTableBytes),
          shardsAndIndexPercentOfGzippedTable: pct(shardsAndIndex, base.rawItemTableGzipBytes),
          profilePercentOfRawGetProfile: pct(transferred.profile.bytes, base.rawGetProfileBytes),
          profilePercentOfGzippedGetProfile: pct(
            transferred.profile.bytes,
            base.rawGetProfileGzipBytes
          )
        }
      };
    }
    await fetch(`${stack.simUrl}/__sim/reset`, {
      method: 'POST',
      body: JSON.stringify({ dataset: 'real' })
    });
    return out;
  } finally {
    await browser.close();
  }
}
