import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const appUrl = process.env.E2E_APP_URL ?? 'http://127.0.0.1:8787';
export const simUrl = process.env.E2E_SIM_URL ?? 'http://127.0.0.1:8789';
export const publisherUrl = process.env.E2E_PUBLISHER_URL ?? 'http://127.0.0.1:8788';
export const adminToken = process.env.E2E_ADMIN_TOKEN ?? '';

/** Where the simulator has every item, and what was asked of it (`GET /__sim/state`). */
export interface SimState {
  items: { itemId: string | null; itemHash: number; owner: string; bucketHash: number; location: number; equipped: boolean; state: number; transferStatus: number }[];
  actions: { action: string; request: Record<string, unknown>; errorCode: number }[];
  oauth: { grants: { authorization_code: number; refresh_token: number } };
}

export async function simState(): Promise<SimState> {
  return (await (await fetch(`${simUrl}/__sim/state`)).json()) as SimState;
}

/** Debian's Chromium, headless, with the flags this offline machine needs (no background networking). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
}

/** Collects console errors and failed requests, so a test can insist there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return problems;
}

/** Reloads until the service worker controls the page (it does not control the load that installed it). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * The vault page renders a section's tiles as it nears the screen: scrolls to each section in turn
 * until its tiles are all there (as many as its heading counts), then back to the top.
 */
export async function waitForWholeVault(page: Page): Promise<void> {
  await page.waitForSelector('main section[aria-labelledby]', { timeout: 30_000 });
  await page.evaluate(async () => {
    const until = Date.now() + 30_000;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    // A refresh may add sections while this runs: go again until the page says it is whole.
    while (!performance.getEntriesByName('vault-complete').length) {
      if (Date.now() > until) throw new Error('The vault never rendered all its tiles');
      for (const section of document.querySelectorAll('main section[aria-labelledby]')) {
        section.scrollIntoView();
        const expected = Number(section.querySelector('h2 .count')?.textContent ?? 0);
        while (section.isConnected && section.querySelectorAll('[data-item-id]').length < expected && Date.now() < until) await pause();
      }
      await pause();
    }
    scrollTo(0, 0);
  });
}

/**
 * A fresh simulator (the real account), a new context, and a player signed in through the
 * simulator's Bungie sign-in, on the vault with fresh data shown.
 */
export async function signedInVault(browser: Browser, options: { hasTouch?: boolean; before?: (context: BrowserContext, page: Page) => Promise<unknown> } = {}): Promise<{ context: BrowserContext; page: Page }> {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const { before, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 390, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  await before?.(context, page);
  await page.goto(`${appUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${appUrl}/vault`);
  await page.getByRole('status').filter({ hasText: /Updated just now/ }).waitFor({ timeout: 30_000 });
  return { context, page };
}
