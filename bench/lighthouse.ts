import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { freePort } from '../scripts/lib/processes.ts';
import type { Stack } from '../scripts/lib/stack.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

export interface LighthouseFigures {
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Lighthouse's own metrics for the run (ms), mobile emulation with its simulated slow 4G and 4x slower CPU. */
  metrics: Record<string, number>;
  /** Audits that scored under 0.9, to act on. */
  failingAudits: { id: string; title: string; score: number | null }[];
  installabilityErrors: unknown[];
}

/**
 * Lighthouse (default mobile settings) on the signed-in vault page, in Debian's Chromium over the
 * DevTools port. The browser profile is persistent so Lighthouse's tab shares the sign-in; storage
 * is not reset, so this is the vault as a returning player opens it.
 */
export async function benchLighthouse(stack: Stack, formFactor: 'mobile' | 'desktop' = 'mobile'): Promise<LighthouseFigures> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'vault-raider-lighthouse-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 390, height: 844 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--remote-debugging-port=${port}`]
  });
  try {
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${stack.appUrl}/vault`);
    await page.waitForFunction(() => performance.getEntriesByName('vault-fresh').length > 0, undefined, { timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors: errors } = await cdp.send('Page.getInstallabilityErrors');
    await page.close();
    const settings = formFactor === 'desktop' ? desktopConfig.settings : {};
    const result = await lighthouse(`${stack.appUrl}/vault`, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES], disableStorageReset: true }, { extends: 'lighthouse:default', settings: { ...settings, onlyCategories: [...CATEGORIES] } });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    // The whole report (every audit, the main-thread tasks), to study a score.
    if (process.env.LIGHTHOUSE_REPORT_DIR) writeFileSync(join(process.env.LIGHTHOUSE_REPORT_DIR, `${formFactor}-${Date.now()}.json`), JSON.stringify(lhr));
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as LighthouseFigures['scores'];
    const metric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
    const refs = CATEGORIES.flatMap((c) => lhr.categories[c]?.auditRefs ?? []).filter((r) => r.weight > 0);
    const failingAudits = refs.map((r) => lhr.audits[r.id]!).filter((a) => a.score !== null && a.score < 0.9).map((a) => ({ id: a.id, title: a.title, score: a.score }));
    return {
      scores,
      metrics: { firstContentfulPaint: metric('first-contentful-paint'), largestContentfulPaint: metric('largest-contentful-paint'), totalBlockingTime: metric('total-blocking-time'), cumulativeLayoutShift: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000, speedIndex: metric('speed-index') },
      failingAudits,
      installabilityErrors: errors
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Mobile (Lighthouse's default: emulated phone, slow 4G, 4x slower CPU) three times, then desktop once. */
export async function benchLighthouseAll(stack: Stack) {
  await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: JSON.stringify({ dataset: 'real' }) });
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const mobileRuns: LighthouseFigures[] = [];
  for (let i = 0; i < 3; i++) mobileRuns.push(await benchLighthouse(stack, 'mobile'));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const medianScores = Object.fromEntries(CATEGORIES.map((c) => [c, median(mobileRuns.map((r) => r.scores[c]))]));
  return {
    mobile: { medianScores, runs: mobileRuns },
    desktop: await benchLighthouse(stack, 'desktop'),
    goal: 95
  };
}
