import { chromium, type Browser, type Page } from 'playwright-core';
import type { Stack } from '../scripts/lib/stack.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signInToVault } from './browser.ts';

/** DIM-language queries a player types, and the simplest search: a plain word matched to names. */
const QUERIES = [
  'is:weapon -is:locked power:>1000',
  'is:armor (is:hunter or is:titan) tag:none',
  'is:dupe or is:masterwork is:legendary'
];
const PLAIN = 'sunshot gjallarhorn';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** Types each query a key at a time and reads the page's own measures of every keystroke. */
async function typeAndMeasure(page: Page, queries: string[]) {
  const box = page.getByRole('searchbox', { name: 'Search items' });
  await page.evaluate(() => performance.clearMeasures());
  for (const query of queries) {
    await box.fill('');
    // Slower than the page needs, so each keystroke's paint is its own.
    await box.pressSequentially(query, { delay: 120 });
    await page.waitForTimeout(300);
  }
  const { filter, painted } = await page.evaluate(() => ({
    filter: performance.getEntriesByName('search-filter').map((e) => e.duration),
    painted: performance.getEntriesByName('search-painted').map((e) => e.duration)
  }));
  const describe = (values: number[]) => ({
    keystrokes: values.length,
    p50Ms: round(percentile(values, 50)),
    p95Ms: round(percentile(values, 95)),
    maxMs: round(Math.max(...values))
  });
  return { filter: describe(filter), painted: describe(painted) };
}

/** The accounts searched: the real one, and a generated one with every bucket full. */
const ACCOUNTS = [
  // The real 2021 account; its plain words name two of its exotics.
  { name: 'realAccount', reset: { dataset: 'real' }, plain: PLAIN },
  // A long-time player's: the vault full (600) and every bucket of each character at capacity,
  // consumables included. Its names are generated, so the plain words are two of those.
  {
    name: 'generatedFullAccount',
    reset: { dataset: 'generated', vaultFill: 600, carried: 'full' },
    plain: 'ashen cannon'
  }
] as const;

/**
 * Search as a player types, on each account (every item of the vault and the characters): each
 * keystroke's parse, compile and filter, and the time until its results are on screen.
 */
export async function benchSearch(stack: Stack) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const figures: Record<string, Awaited<ReturnType<typeof searchOn>>> = {};
    for (const account of ACCOUNTS)
      figures[account.name] = await searchOn(stack, browser, account.reset, account.plain);
    return figures as Record<
      (typeof ACCOUNTS)[number]['name'],
      Awaited<ReturnType<typeof searchOn>>
    >;
  } finally {
    await browser.close();
  }
}

async function searchOn(stack: Stack, browser: Browser, reset: object, plain: string) {
  await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: JSON.stringify(reset) });
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await signInToVault(page, stack);
    await page.goto(`${stack.appUrl}/search`);
    const items = await page.evaluate(async () => {
      const response = await fetch('/api/profile');
      return ((await response.json()) as { items: { owner: string }[] }).items.filter(
        (i) => i.owner !== 'account'
      ).length;
    });
    const dimLanguage = await typeAndMeasure(page, QUERIES);
    const plainWords = await typeAndMeasure(page, [plain]);
    return {
      items,
      queries: QUERIES,
      dimLanguage,
      baselinePlainWords: { query: plain, ...plainWords },
      filterP95RatioToPlain: round(dimLanguage.filter.p95Ms / plainWords.filter.p95Ms),
      paintedP95RatioToPlain: round(dimLanguage.painted.p95Ms / plainWords.painted.p95Ms)
    };
  } finally {
    await context.close();
  }
}
