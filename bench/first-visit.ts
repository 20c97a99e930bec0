import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Stack } from '../scripts/lib/stack.ts';

const API_KEY = 'sim-api-key-0000000000000000000000';
const RUNS = 10;

function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

async function signedInContext(browser: Browser, stack: Stack): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${stack.appUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${stack.appUrl}/vault`);
  await page.getByLabel('Vault space used').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => performance.getEntriesByName('vault-fresh').length > 0, undefined, { timeout: 60_000 });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.close();
  return context;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
};

/** Navigation to the vault painted from the device, offline, warm (median of 10), and, online, until fresh data is shown. */
async function startTimes(context: BrowserContext, stack: Stack) {
  const page = await context.newPage();
  const fresh: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${stack.appUrl}/vault`);
    const handle = await page.waitForFunction(() => performance.getEntriesByName('vault-fresh')[0]?.startTime, undefined, { timeout: 60_000 });
    fresh.push((await handle.jsonValue()) as number);
  }
  await context.setOffline(true);
  const painted: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${stack.appUrl}/vault`);
    const handle = await page.waitForFunction(() => performance.getEntriesByName('vault-painted')[0]?.startTime, undefined, { timeout: 30_000 });
    painted.push((await handle.jsonValue()) as number);
    // Each start begins on an idle page, as a start from the home screen does: the previous page
    // finishes rendering the sections on screen before the next navigation.
    await page.waitForTimeout(500);
  }
  await context.setOffline(false);
  await page.close();
  return { warmOfflinePaintMs: median(painted), runs: RUNS, baselineOnlineFreshMs: median(fresh), ratio: Math.round((median(painted) / median(fresh)) * 100) / 100 };
}

/** Bytes a first visit downloads (shards + profile, gzipped) against the raw item table and GetProfile. */
async function firstVisitBytes(context: BrowserContext, stack: Stack) {
  const page = await context.newPage();
  await page.goto(`${stack.appUrl}/vault`);
  const shardKeys = (await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('vault-raider');
        open.onsuccess = () => {
          const request = open.result.transaction('shards').objectStore('shards').getAllKeys();
          request.onsuccess = () => resolve(request.result as string[]);
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      })
  )) as string[];
  const cookie = (await context.cookies(stack.appUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
  await page.close();
  const sizes = async (url: string, headers: Record<string, string> = {}) => {
    const body = Buffer.from(await (await fetch(url, { headers })).arrayBuffer());
    return { raw: body.length, gzip: gzipSync(body).length };
  };
  const gz = async (url: string, headers: Record<string, string> = {}) => (await sizes(url, headers)).gzip;
  let shards = 0;
  for (const key of shardKeys) shards += await gz(`${stack.appUrl}/api/shards/${key.replace('shards/v1/', '')}`);
  const index = await gz(`${stack.appUrl}/api/shards/index`);
  const profile = await gz(`${stack.appUrl}/api/profile`, { Cookie: cookie });

  const manifest = (await (await fetch(`${stack.simUrl}/Platform/Destiny2/Manifest/`, { headers: { 'X-API-Key': API_KEY } })).json()) as { Response: { jsonWorldComponentContentPaths: { en: Record<string, string> } } };
  const rawTable = await sizes(`${stack.simUrl}${manifest.Response.jsonWorldComponentContentPaths.en.DestinyInventoryItemDefinition}`);
  const state = (await (await fetch(`${stack.simUrl}/__sim/state`)).json()) as { membership: { membershipType: number; membershipId: string } };
  const approve = await fetch(`${stack.simUrl}/en/OAuth/Authorize`, { method: 'POST', body: new URLSearchParams({ client_id: '40000', state: 'b' }), redirect: 'manual' });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const token = ((await (await fetch(`${stack.simUrl}/Platform/App/OAuth/token/`, { method: 'POST', headers: { Authorization: `Basic ${btoa('40000:sim-client-secret-00000000000000000000')}` }, body: new URLSearchParams({ grant_type: 'authorization_code', code }) })).json()) as { access_token: string }).access_token;
  const rawProfile = await sizes(`${stack.simUrl}/Platform/Destiny2/${state.membership.membershipType}/Profile/${state.membership.membershipId}/?components=200,201,205,102,300`, { 'X-API-Key': API_KEY, Authorization: `Bearer ${token}` });
  const pct = (a: number, b: number) => Math.round((a / b) * 10000) / 100;
  return {
    shardCount: shardKeys.length,
    shardsGzipBytes: shards + index,
    rawItemTableBytes: rawTable.raw,
    rawItemTableGzipBytes: rawTable.gzip,
    shardsPercentOfRawTable: pct(shards + index, rawTable.raw),
    shardsPercentOfGzippedTable: pct(shards + index, rawTable.gzip),
    profileGzipBytes: profile,
    rawGetProfileBytes: rawProfile.raw,
    rawGetProfileGzipBytes: rawProfile.gzip,
    profilePercentOfRawGetProfile: pct(profile, rawProfile.raw),
    profilePercentOfGzippedGetProfile: pct(profile, rawProfile.gzip)
  };
}

/** The real account, then a generated account with a full vault. */
export async function benchFirstVisit(stack: Stack) {
  const browser = await launch();
  try {
    const out: Record<string, unknown> = {};
    for (const [name, reset] of [
      ['real', {}],
      ['generatedFullVault', { dataset: 'generated', vaultFill: 600 }]
    ] as const) {
      await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: JSON.stringify(reset) });
      const published = await stack.publish();
      if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
      const context = await signedInContext(browser, stack);
      out[name] = { start: await startTimes(context, stack), firstVisit: await firstVisitBytes(context, stack) };
      await context.close();
    }
    await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: JSON.stringify({ dataset: 'real' }) });
    return out;
  } finally {
    await browser.close();
  }
}
