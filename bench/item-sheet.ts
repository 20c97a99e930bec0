import { chromium, type Browser } from 'playwright-core';
import type { Stack } from '../scripts/lib/stack.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signInToVault } from './browser.ts';

const TAPS = 20;
// A hand cannon of the real profile's vault ("Posterity"): perks plugged and selectable.
const REAL_WEAPON = '6917529257805248292';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Tap to item sheet, warm and offline: a returning player's browser (service worker, item and detail
 * shards and the profile on the device), the network off, the vault open. Each tap is a click on
 * the tile dispatched in the page; the page measures from it until the sheet's perks (and, where
 * the definitions carry what they need, its stat bars) are in the page and painted (the next frame,
 * then a task). Baseline, the same taps: until the dialog itself is painted with the item's name,
 * what a sheet with no perks or stats costs (the simplest sheet). Medians of 20.
 */
export async function benchItemSheet(stack: Stack) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const real = await tapsOn(
      stack,
      browser,
      { dataset: 'real' },
      () => Promise.resolve(REAL_WEAPON),
      false
    );
    const generated = await tapsOn(
      stack,
      browser,
      { dataset: 'generated', vaultFill: 450, carried: 'some' },
      async () => {
        // A weapon in the generated vault (kinds 0-2 of the generated table are weapons).
        const state = (await (await fetch(`${stack.simUrl}/__sim/state`)).json()) as {
          items: { owner: string; itemId: string | null; itemHash: number }[];
        };
        return state.items.find(
          (i) => i.owner === 'vault' && i.itemId && (i.itemHash - 3_900_000_000) % 10 <= 2
        )!.itemId!;
      },
      true
    );
    return { taps: TAPS, realAccountPerks: real, generatedPerksAndStats: generated };
  } finally {
    await fetch(`${stack.simUrl}/__sim/reset`, {
      method: 'POST',
      body: JSON.stringify({ dataset: 'real' })
    });
    await browser.close();
  }
}

async function tapsOn(
  stack: Stack,
  browser: Browser,
  reset: object,
  weapon: () => Promise<string>,
  withStats: boolean
) {
  await fetch(`${stack.simUrl}/__sim/reset`, { method: 'POST', body: JSON.stringify(reset) });
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const itemId = await weapon();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await signInToVault(page, stack);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const tapOnce = () =>
      page.evaluate(
        async ({ itemId, withStats }) => {
          const frame = () =>
            new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
          const until = Date.now() + 20_000;
          // The vault puts a section's tiles in as it nears the screen: each section in turn,
          // until its tiles are all there, until the page says it is whole.
          while (!performance.getEntriesByName('vault-complete').length && Date.now() < until) {
            for (const section of document.querySelectorAll('main section[aria-labelledby]')) {
              section.scrollIntoView();
              const count = () => Number(section.querySelector('h2 .count')?.textContent ?? 0);
              while (
                section.isConnected &&
                section.querySelectorAll('[data-item-id]').length < count() &&
                Date.now() < until
              )
                await frame();
            }
            await frame();
          }
          const tile = document.querySelector<HTMLElement>(`main [data-item-id="${itemId}"]`);
          if (!tile)
            throw new Error(
              `No tile for ${itemId} (${location.pathname}, complete: ${performance.getEntriesByName('vault-complete').length}, tiles: ${document.querySelectorAll('main [data-item-id]').length}, dialog: ${document.querySelector('dialog[open], [role="dialog"]')?.getAttribute('aria-label') ?? document.querySelector('dialog[open], [role="dialog"]') !== null})`
            );
          tile.scrollIntoView({ block: 'center' });
          await frame();
          const sheetReady = () => {
            const dialog = document.querySelector('dialog[open], [role="dialog"]');
            const perks = dialog?.querySelector('[aria-label="Perks"] [aria-current="true"]');
            const stats = dialog?.querySelector('[aria-label="Stats"] [role="meter"]');
            return Boolean(perks && (!withStats || stats));
          };
          const started = performance.now();
          tile.click();
          const sheetUntil = Date.now() + 10_000;
          let dialog: number | undefined;
          let sheet: number | undefined;
          while ((dialog === undefined || sheet === undefined) && Date.now() < sheetUntil) {
            const shown = document.querySelector('dialog[open], [role="dialog"]') !== null;
            const ready = sheetReady();
            if (shown || ready) {
              await frame();
              const at = performance.now() - started;
              if (shown && dialog === undefined) dialog = at;
              if (ready && sheet === undefined) sheet = at;
              continue;
            }
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          const close =
            document.querySelector<HTMLElement>(
              'dialog[open] button[aria-label="Close"], dialog[open] button[title="Close"]'
            ) ??
            [
              ...document.querySelectorAll<HTMLElement>(
                'dialog[open] button, [role="dialog"] button'
              )
            ].find((b) => b.textContent?.trim() === 'Close');
          close?.click();
          const closing = Date.now() + 5_000;
          while (document.querySelector('dialog[open], [role="dialog"]') && Date.now() < closing)
            await frame();
          await new Promise((resolve) => setTimeout(resolve, 150));
          return { dialog, sheet };
        },
        { itemId, withStats }
      );
    const measured = async () => {
      const { dialog, sheet } = await tapOnce();
      if (dialog === undefined || sheet === undefined)
        throw new Error(
          `The sheet of ${itemId} did not show its perks${withStats ? ' and stats' : ''}`
        );
      return { dialog, sheet };
    };
    // The detail shards download once the page is idle after its refresh: a sheet with its perks
    // says they are in (opened again until it does).
    for (let tries = 0; (await tapOnce()).sheet === undefined; tries++)
      if (tries === 6) throw new Error(`The detail shards for ${itemId} never arrived`);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline' }).first().waitFor();
    // The first tap of a page also reads the shards from IndexedDB into memory: reported apart.
    const first = await measured();
    const samples: { dialog: number; sheet: number }[] = [];
    for (let tap = 0; tap < TAPS; tap++) samples.push(await measured());
    const sheet = median(samples.map((s) => s.sheet));
    const dialog = median(samples.map((s) => s.dialog));
    return {
      itemId,
      firstTapMs: round(first.sheet),
      medianMs: round(sheet),
      maxMs: round(Math.max(...samples.map((s) => s.sheet))),
      baselineDialogMedianMs: round(dialog),
      ratio: Math.round((sheet / dialog) * 100) / 100
    };
  } finally {
    await context.close();
  }
}
