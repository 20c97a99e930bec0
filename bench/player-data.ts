import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { Stack } from '../scripts/lib/stack.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signInToVault } from './browser.ts';

const BACKUP = fileURLToPath(
  new URL('../test/fixtures/dim-api/dim-data.dim-api-export.json', import.meta.url)
);

interface EdgeCounts {
  tags: number;
  hashTags: number;
  loadouts: number;
  searches: number;
  junk: number;
}

/** What the edge holds for the signed-in player, counted, read as the app reads it. */
const edgeCounts = (page: Page): Promise<EdgeCounts> =>
  page.evaluate(async () => {
    const data = (await (await fetch('/api/player-data')).json()) as {
      annotations: { tag?: string }[];
      hashAnnotations: unknown[];
      loadouts: unknown[];
      searches: unknown[];
    };
    return {
      tags: data.annotations.filter((a) => a.tag).length,
      hashTags: data.hashAnnotations.length,
      loadouts: data.loadouts.length,
      searches: data.searches.length,
      junk: data.annotations.filter((a) => a.tag === 'junk').length
    };
  });

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends updates from the page as given (`perRequest` each), in sequence; wall-clock ms. */
const sendDirect = (page: Page, updates: unknown[], perRequest: number): Promise<number> =>
  page.evaluate(
    async ({ updates, perRequest }) => {
      const started = performance.now();
      for (let i = 0; i < updates.length; i += perRequest) {
        const response = await fetch('/api/player-data', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ updates: updates.slice(i, i + perRequest) })
        });
        if (!response.ok) throw new Error(`baseline POST ${response.status}`);
      }
      return performance.now() - started;
    },
    { updates, perRequest }
  );

/**
 * Player data under wrangler dev in Chromium: importing the real DIM backup, and 200 tag edits made
 * offline then carried to the edge when the network returns.
 */
export async function benchPlayerData(stack: Stack) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInToVault(page, stack);
    // The updates of each POST /api/player-data the app made, once answered.
    const posted: unknown[][] = [];
    page.on('requestfinished', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/player-data')
        posted.push((request.postDataJSON() as { updates: unknown[] }).updates);
    });

    // The import: from the file chosen until the edge holds every record.
    await page.goto(`${stack.appUrl}/settings`);
    await page.getByLabel('Import DIM backup').waitFor();
    const importStart = Date.now();
    await page.getByLabel('Import DIM backup').setInputFiles(BACKUP);
    await until(
      () => edgeCounts(page),
      (c) => c.tags === 92 && c.hashTags === 71 && c.loadouts === 19 && c.searches === 205,
      'the imported records at the edge'
    );
    const importMs = Date.now() - importStart;
    const sent = posted.flat();
    const importRequests = posted.length;
    // Baseline: the same updates (new ids, so the edge applies them again), one request each.
    const again = sent.map((u, i) => ({ ...(u as object), id: `baseline-${i}` }));
    const oneByOneMs = await sendDirect(page, again, 1);

    // 200 edits offline: every weapon of a search tagged Favorite, then all of them Junk.
    await page.goto(`${stack.appUrl}/search?q=${encodeURIComponent('is:weapon is:legendary')}`);
    const status = page.getByRole('status').filter({ hasText: /^[1-9]\d* items$/ });
    await status.waitFor();
    const results = Number((await status.textContent())!.split(' ')[0]);
    const edits = 2 * results;
    posted.length = 0;
    await context.setOffline(true);
    for (const tag of ['Favorite', 'Junk']) {
      await page.getByLabel('Tag for all results').selectOption({ label: tag });
      await page.getByRole('button', { name: 'Tag all' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Tagged ${results} items ${tag}.` })
        .waitFor();
    }
    if (posted.length) throw new Error('The app sent edits while offline');
    const drainStart = Date.now();
    await context.setOffline(false);
    // Each item's two edits fold into one update: done when all of them are answered.
    await until(
      async () => posted.flat().length,
      (n) => n >= results,
      'the offline edits answered by the edge'
    );
    const drainMs = Date.now() - drainStart;
    const drainRequests = posted.length;
    const drained = posted.flat();
    // Ideal: the same updates sent straight away, in as few requests as the edge allows.
    const ideal = drained.map((u, i) => ({ ...(u as object), id: `ideal-${i}` }));
    const idealMs = await sendDirect(page, ideal, 100);
    await context.close();
    return {
      import: {
        updatesSent: sent.length,
        requests: importRequests,
        ms: importMs,
        baselineOneUpdatePerRequestMs: Math.round(oneByOneMs),
        timeRatio: Number((importMs / oneByOneMs).toFixed(2))
      },
      offlineEdits: {
        edits,
        updatesSent: drained.length,
        requests: drainRequests,
        idealRequests: Math.ceil(drained.length / 100),
        drainMs,
        idealMs: Math.round(idealMs),
        drainRatioToIdeal: Number((drainMs / idealMs).toFixed(2))
      }
    };
  } finally {
    await browser.close();
  }
}
