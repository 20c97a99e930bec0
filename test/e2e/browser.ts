// Over 200 lines: the browser journeys' shared helpers (launch, sign-in, waits on the page and the simulator).
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type CDPSession,
  type Page
} from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium.ts';

export const appUrl = process.env.E2E_APP_URL ?? 'http://127.0.0.1:8787';
export const simUrl = process.env.E2E_SIM_URL ?? 'http://127.0.0.1:8789';
export const publisherUrl = process.env.E2E_PUBLISHER_URL ?? 'http://127.0.0.1:8788';
export const adminToken = process.env.E2E_ADMIN_TOKEN ?? '';

/** Where the simulator has every item, and what was asked of it (`GET /__sim/state`). */
export interface SimState {
  items: {
    itemId: string | null;
    itemHash: number;
    owner: string;
    bucketHash: number;
    location: number;
    equipped: boolean;
    quantity: number;
    state: number;
    transferStatus: number;
    /** The armor set of a piece, where the definitions have sets (the generated data set). */
    armorSet?: number;
  }[];
  actions: { action: string; request: Record<string, unknown>; errorCode: number }[];
  oauth: { grants: { authorization_code: number; refresh_token: number } };
}

export async function simState(): Promise<SimState> {
  return (await (await fetch(`${simUrl}/__sim/state`)).json()) as SimState;
}

/**
 * Polls `probe` every `interval` ms until `done` holds for what it returns, and returns that. After
 * `timeout` ms it fails, saying what it waited for and showing the last value seen (through `show`).
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeout?: number; interval?: number; show?: (value: T) => unknown } = {}
): Promise<T> {
  const { timeout = 30_000, interval = 250, show = (value: T) => value } = options;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= deadline)
      throw new Error(
        `Waited ${timeout} ms for ${what}; last seen: ${JSON.stringify(show(value), null, 2)}`
      );
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Where the simulator has an item and what was asked of it, for a failure's message. */
export function itemReport(state: SimState, itemId: string) {
  const item = state.items.find((i) => i.itemId === itemId);
  return {
    itemId,
    owner: item?.owner,
    equipped: item?.equipped,
    locked: item ? (item.state & 1) === 1 : undefined,
    actions: state.actions
      .filter((a) => a.request.itemId === itemId)
      .map((a) => `${a.action}: ${a.errorCode}`)
  };
}

/**
 * Polls the simulator until `done` holds for its state, and returns that state; fails after
 * `timeout` ms with where the items named were last seen, and what was asked of them.
 */
export function waitForSim(
  what: string,
  itemIds: readonly string[],
  done: (state: SimState) => boolean,
  timeout = 30_000
): Promise<SimState> {
  return waitUntil(`the simulator to show ${what}`, simState, done, {
    timeout,
    show: (state) => itemIds.map((id) => itemReport(state, id))
  });
}

/** Polls the simulator until each item has the owner given (a character id, or 'vault'). */
export function waitForOwners(owners: Record<string, string>, timeout = 30_000): Promise<SimState> {
  const ids = Object.keys(owners);
  const owned = (state: SimState, id: string) =>
    state.items.find((i) => i.itemId === id)?.owner === owners[id];
  return waitForSim(
    ids.map((id) => `${id} with ${owners[id]}`).join(', '),
    ids,
    (state) => ids.every((id) => owned(state, id)),
    timeout
  );
}

/** What the app keeps in the page's IndexedDB (`vault-raider`), as far as the journeys look. */
export interface DeviceData {
  /** Moves not carried out yet, or failed, oldest first. */
  outbox: {
    id: string;
    itemId: string;
    state: 'pending' | 'failed';
    attempts: number;
    problem?: string;
  }[];
  /** The profile of the membership last shown: when the device last heard it, where each item asked about is, how many items the vault holds. */
  profile: { savedAt: number; owners: Record<string, string | null>; inVault: number } | null;
  /** Whether it holds a shard index (stored once every shard it names is). */
  shardIndex: boolean;
}

/**
 * Reads the device's database in the page, in one transaction; null while it does not exist, or
 * is still being created (it is never created here).
 */
export function deviceDataIn(
  page: Page,
  itemIds: readonly string[] = []
): Promise<DeviceData | null> {
  return page.evaluate(async (ids) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'vault-raider')) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('vault-raider');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    db.onversionchange = () => db.close();
    try {
      const stores = ['outbox', 'meta', 'profiles'];
      if (!stores.every((name) => db.objectStoreNames.contains(name))) return null;
      const transaction = db.transaction(stores, 'readonly');
      const all = <T>(store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const request = transaction.objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
          request.onerror = () => reject(request.error);
        });
      type Item = { id: string; owner: string };
      const [outbox, meta, profiles] = await Promise.all([
        all<DeviceData['outbox'][number]>('outbox'),
        all<{ key: string; value: unknown }>('meta'),
        all<{ membershipId: string; savedAt: number; profile: { items: Item[] } }>('profiles')
      ]);
      const values = new Map(meta.map((m) => [m.key, m.value]));
      const last = values.get('lastMembership') as string | undefined;
      const record = profiles.find((p) => p.membershipId === last);
      const stamp = values.get(`profileStamp:${last}`) as { savedAt: number } | undefined;
      return {
        outbox: outbox.map(({ id, itemId, state, attempts, problem }) => ({
          id,
          itemId,
          state,
          attempts,
          problem
        })),
        profile: record
          ? {
              savedAt: stamp?.savedAt ?? record.savedAt,
              owners: Object.fromEntries(
                ids.map((id) => [id, record.profile.items.find((i) => i.id === id)?.owner ?? null])
              ),
              inVault: record.profile.items.filter((i) => i.owner === 'vault').length
            }
          : null,
        shardIndex: values.has('shardIndex')
      };
    } finally {
      db.close();
    }
  }, itemIds);
}

/** How many records each of the device's stores holds, the `meta` keys, and the items its bucket shards hold. */
export function storeCountsIn(page: Page): Promise<Record<string, number | string[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('vault-raider');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    db.onversionchange = () => db.close();
    try {
      const names = [...db.objectStoreNames];
      const transaction = db.transaction(names, 'readonly');
      const ask = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const counts: Record<string, number | string[]> = {};
      for (const name of names) counts[name] = await ask(transaction.objectStore(name).count());
      counts.metaKeys = (await ask(transaction.objectStore('meta').getAllKeys())).map(String);
      // Bungie's item definitions: the bucket shards' items, each shard one record.
      const buckets = await ask(transaction.objectStore('shards').index('kind').getAll('bucket'));
      counts.bucketItems = buckets.reduce(
        (n: number, shard: { body: { items: Record<string, unknown> } }) =>
          n + Object.values(shard.body.items).filter((item) => item !== null).length,
        0
      );
      return counts;
    } finally {
      db.close();
    }
  });
}

/** Debian's Chromium, headless, with the flags this offline machine needs (no background networking). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS
  });
}

/** Collects console errors and failed requests, so a test can insist there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`)
  );
  return problems;
}

/**
 * Reloads until the service worker controls the page (it does not control the load that installed
 * it), and until that worker is activated: a controller may still be activating, and the browser
 * holds back events such as a push until it is.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

/**
 * The app's service worker registration, as DevTools names it (for the events it dispatches to the
 * worker). Turns on DevTools' ServiceWorker domain, which reports the registrations over one or more
 * updates: waits for one that lists the app's, live.
 */
export async function appRegistrationId(cdp: CDPSession, timeout = 30_000): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const found = new Promise<string>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No service worker registration for ${appUrl} in ${timeout} ms`)),
      timeout
    );
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(appUrl) && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  try {
    return await found;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The vault page renders a section's tiles as it nears the screen: scrolls to each section in turn
 * until its tiles are all there (as many as its heading counts), then back to the top.
 */
export async function waitForWholeVault(page: Page): Promise<void> {
  await page.waitForSelector('main section[aria-labelledby]', { timeout: 30_000 });
  const nudges = await page.evaluate(async () => {
    const until = Date.now() + 30_000;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    let nudges = 0;
    // A refresh may add sections while this runs: go again until the page says it is whole.
    while (!performance.getEntriesByName('vault-complete').length) {
      if (Date.now() > until) {
        // What the page showed, so a failure says which section stalled and in what state.
        const sections = [...document.querySelectorAll('main section[aria-labelledby]')].map(
          (s) => {
            const box = s.getBoundingClientRect();
            return `${s.getAttribute('aria-labelledby')}: ${s.querySelectorAll('[data-item-id]').length}/${s.querySelector('h2 .count')?.textContent} at ${Math.round(box.top)}px`;
          }
        );
        throw new Error(
          `The vault never rendered all its tiles (${location.pathname}, ${document.visibilityState}, ` +
            `painted ${performance.getEntriesByName('vault-painted').length}, scrolled ${scrollY}px of ` +
            `${document.documentElement.scrollHeight}px; ${sections.join('; ')}; ` +
            `status: ${document.querySelector('[role=status]')?.textContent?.trim()}; nudged ${nudges} times)`
        );
      }
      for (const section of document.querySelectorAll('main section[aria-labelledby]')) {
        section.scrollIntoView();
        // The heading is read on every turn: a refresh may shrink the section while this waits.
        const expected = () => Number(section.querySelector('h2 .count')?.textContent ?? 0);
        let shown = -1;
        let progressAt = Date.now();
        while (
          section.isConnected &&
          section.querySelectorAll('[data-item-id]').length < expected() &&
          Date.now() < until
        ) {
          const now = section.querySelectorAll('[data-item-id]').length;
          if (now !== shown) [shown, progressAt] = [now, Date.now()];
          // No tile for 2 s: scroll away and back, as a player's thumb would (the page reveals
          // tiles as sections near the screen). Counted, so the run says it happened.
          if (Date.now() - progressAt > 2_000) {
            nudges++;
            scrollBy(0, innerHeight);
            await pause();
            section.scrollIntoView();
            progressAt = Date.now();
          }
          await pause();
        }
      }
      await pause();
    }
    scrollTo(0, 0);
    return nudges;
  });
  if (nudges)
    console.warn(
      `The vault at ${page.url()} needed ${nudges} scroll nudges to render all its tiles.`
    );
}

/** Signs in from the home page through the simulator's Bungie sign-in, as a player does, to the vault's address. */
export async function signInFromHome(page: Page): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${appUrl}/vault`);
}

/**
 * A fresh simulator (the real account), a new context, and a player signed in through the
 * simulator's Bungie sign-in, on the vault with fresh data shown. `anotherDevice` keeps the
 * simulator as it is (a reset would end the sessions signed in before).
 */
export async function signedInVault(
  browser: Browser,
  options: BrowserContextOptions & {
    before?: (context: BrowserContext, page: Page) => Promise<unknown>;
    anotherDevice?: boolean;
  } = {}
): Promise<{ context: BrowserContext; page: Page }> {
  const { before, anotherDevice, ...contextOptions } = options;
  if (!anotherDevice) await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const context = await browser.newContext({
    viewport: { width: 390, height: 900 },
    ...contextOptions
  });
  const page = await context.newPage();
  await before?.(context, page);
  await signInFromHome(page);
  await waitForShardsOnDevice(page);
  return { context, page };
}

/**
 * A first visit paints from the edge, then brings the shards in a second refresh: until a refresh
 * has ended with the shards synced (onto the device, or into memory where the browser stores
 * nothing), and fresh data is shown. Not under a faked clock (Playwright's hides performance
 * entries): install it after this.
 */
export async function waitForShardsOnDevice(page: Page): Promise<void> {
  await page.waitForFunction(
    () => performance.getEntriesByName('vault-shards-synced').length > 0,
    undefined,
    { timeout: 30_000 }
  );
  await page
    .getByRole('status')
    .filter({ hasText: /Updated just now/ })
    .waitFor({ timeout: 30_000 });
}
