import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { freePort } from '../scripts/lib/processes.ts';
import type { Stack } from '../scripts/lib/stack.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signInOnly, signInToVault } from './browser.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const RUNS = 3;
const GOAL = 95;

/** Who opens the vault: a signed-in player for the first time, or one coming back. */
export type Visit = 'first' | 'returning';

const VISITS: Record<Visit, string> = {
  first:
    'first visit: a fresh browser profile holding only the session cookie (signed in), no service worker, nothing stored or cached',
  returning:
    "returning player: the same profile after a visit to the vault, storage kept (service worker active, shards and profile on the device, Chromium's cache)"
};

export interface LighthouseFigures {
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Lighthouse's own metrics for the run (ms), mobile emulation with its simulated slow 4G and 4x slower CPU. */
  metrics: Record<string, number>;
  /** Audits that scored under 0.9, to act on. */
  failingAudits: { id: string; title: string; score: number | null }[];
  /** Lighthouse's warnings about the run (stored data that may affect loading, say). */
  runWarnings: string[];
  /**
   * Lighthouse's measure of the machine's speed during the run (its `benchmarkIndex`, higher is
   * faster): on a shared machine the scores move with it, so a run's figures can be read against it.
   */
  benchmarkIndex: number;
  /** Chromium's own check, in the returning player's profile (a first visit has installed nothing yet). */
  installabilityErrors?: unknown[];
}

/**
 * Lighthouse on the signed-in vault page, in Debian's Chromium over the DevTools port, in a fresh
 * persistent profile each run (so Lighthouse's tab shares the sign-in). For a first visit the
 * sign-in never opens the app and Lighthouse resets the origin's storage as it does by default; for
 * a returning player the sign-in opens the vault and the storage is kept.
 */
export async function benchLighthouse(
  stack: Stack,
  formFactor: 'mobile' | 'desktop',
  visit: Visit
): Promise<LighthouseFigures> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'vault-raider-lighthouse-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 390, height: 844 },
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`]
  });
  try {
    const page = await context.newPage();
    let installabilityErrors: unknown[] | undefined;
    if (visit === 'returning') {
      await signInToVault(page, stack);
      const cdp = await context.newCDPSession(page);
      installabilityErrors = (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors;
    } else {
      await signInOnly(page, stack);
    }
    await page.close();
    const settings = formFactor === 'desktop' ? desktopConfig.settings : {};
    // A run that stops answering must fail loudly, naming itself: with nothing else pending, Node
    // would otherwise just end the process.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Lighthouse (${formFactor}, ${visit}) did not finish in 3 minutes`)),
        180_000
      );
    });
    const run = lighthouse(
      `${stack.appUrl}/vault`,
      {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
        disableStorageReset: visit === 'returning'
      },
      { extends: 'lighthouse:default', settings: { ...settings, onlyCategories: [...CATEGORIES] } }
    );
    const result = await Promise.race([run, timedOut]).finally(() => clearTimeout(timer));
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    // The whole report (every audit, the main-thread tasks), to study a score.
    if (process.env.LIGHTHOUSE_REPORT_DIR)
      writeFileSync(
        join(process.env.LIGHTHOUSE_REPORT_DIR, `${formFactor}-${visit}-${Date.now()}.json`),
        JSON.stringify(lhr)
      );
    if (lhr.runtimeError)
      throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(
      CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])
    ) as LighthouseFigures['scores'];
    const metric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
    const refs = CATEGORIES.flatMap((c) => lhr.categories[c]?.auditRefs ?? []).filter(
      (r) => r.weight > 0
    );
    const failingAudits = refs
      .map((r) => lhr.audits[r.id]!)
      .filter((a) => a.score !== null && a.score < 0.9)
      .map((a) => ({ id: a.id, title: a.title, score: a.score }));
    return {
      scores,
      metrics: {
        firstContentfulPaint: metric('first-contentful-paint'),
        largestContentfulPaint: metric('largest-contentful-paint'),
        totalBlockingTime: metric('total-blocking-time'),
        cumulativeLayoutShift:
          Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000,
        speedIndex: metric('speed-index')
      },
      failingAudits,
      runWarnings: lhr.runWarnings.map(String),
      benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
      ...(installabilityErrors && { installabilityErrors })
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Mobile (Lighthouse's default: emulated phone, slow 4G, 4x slower CPU) three times as a first visit
 * and three times as a returning player, alternating so both see the machine alike; then desktop
 * once, returning.
 */
export async function benchLighthouseAll(stack: Stack) {
  await fetch(`${stack.simUrl}/__sim/reset`, {
    method: 'POST',
    body: JSON.stringify({ dataset: 'real' })
  });
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const runs: Record<Visit, LighthouseFigures[]> = { first: [], returning: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const visit of ['first', 'returning'] as const)
      runs[visit].push(await benchLighthouse(stack, 'mobile', visit));
  }
  const summary = (visit: Visit) => {
    const medianScores = Object.fromEntries(
      CATEGORIES.map((c) => [c, median(runs[visit].map((r) => r.scores[c]))])
    ) as LighthouseFigures['scores'];
    return {
      visit: VISITS[visit],
      medianScores,
      meetsGoal: medianScores.performance >= GOAL,
      runs: runs[visit]
    };
  };
  return {
    mobile: { firstVisit: summary('first'), returning: summary('returning') },
    desktop: { visit: VISITS.returning, ...(await benchLighthouse(stack, 'desktop', 'returning')) },
    goal: {
      mobileMedianPerformanceAtLeast: GOAL,
      appliesTo: ['mobile.firstVisit', 'mobile.returning']
    }
  };
}
