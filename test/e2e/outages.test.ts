import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  deviceDataIn,
  launchBrowser,
  signedInVault,
  simState,
  simUrl,
  waitForOwners,
  waitForServiceWorkerControl,
  waitForWholeVault,
  waitUntil
} from './browser.ts';

const HUNTER = '2305843009260802821';

const faults = (body: unknown) =>
  fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify(body) });

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await faults({ maintenance: false });
  await browser?.close();
});

test('during Bungie maintenance the vault stays, says so, keeps the session and the move, and recovers by itself', async () => {
  const { context, page } = await signedInVault(browser);
  await waitForServiceWorkerControl(page);
  await waitForWholeVault(page);
  const tiles = await page.locator('main [data-item-id]').count();

  // Each shape Bungie has been seen to go down in, on a fresh start of the app.
  for (const maintenance of ['envelope', 'oauth', 'html']) {
    await faults({ maintenance });
    await page.reload();
    await page
      .getByRole('status')
      .filter({ hasText: 'Bungie.net is down for maintenance.' })
      .waitFor();
    await waitForWholeVault(page);
    assert.equal(
      await page.locator('main [data-item-id]').count(),
      tiles,
      `the whole vault is shown during ${maintenance} maintenance`
    );
    assert.equal(
      await page.getByRole('link', { name: /Sign in/ }).count(),
      0,
      'nobody is asked to sign in again'
    );
  }

  // A move made during maintenance waits, pending, and is not lost.
  const [tile] = await page
    .getByRole('region', { name: /^Energy Weapons/ })
    .locator('[data-item-id]')
    .evaluateAll((els) =>
      els
        .filter((e) => !/ exotic/.test(e.getAttribute('aria-label') ?? ''))
        .map((e) => e.getAttribute('data-item-id')!)
    );
  await page.locator(`main [data-item-id="${tile}"]`).first().click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Transfer to Hunter', exact: true })
    .click();
  await page.getByRole('status').filter({ hasText: '1 pending' }).waitFor();
  // The device tries it, meets the maintenance, and keeps it: pending, with the outage in words.
  await waitUntil(
    'the move to be tried and kept through the maintenance',
    () => deviceDataIn(page),
    (data) =>
      data?.outbox.length === 1 &&
      data.outbox[0]!.itemId === tile &&
      data.outbox[0]!.state === 'pending' &&
      data.outbox[0]!.attempts >= 1 &&
      data.outbox[0]!.problem === 'Bungie.net is down for maintenance.'
  );
  await page.getByRole('status').filter({ hasText: '1 pending' }).waitFor();
  const during = await simState();
  assert.equal(during.items.find((i) => i.itemId === tile)!.owner, 'vault');
  assert.equal(
    during.actions.filter((a) => a.request.itemId === tile).length,
    0,
    'nothing was asked of Bungie for it'
  );

  // Bungie comes back: with nobody touching anything the vault is fresh and the move is done, once.
  await faults({ maintenance: false });
  await waitForOwners({ [tile!]: HUNTER }, 30_000);
  await waitUntil(
    'the device to hold no moves',
    () => deviceDataIn(page),
    (data) => data?.outbox.length === 0
  );
  await page
    .getByRole('status')
    .filter({ hasText: /^Updated just now$/ })
    .waitFor({ timeout: 30_000 });
  const state = await simState();
  assert.equal(state.items.find((i) => i.itemId === tile)!.owner, HUNTER);
  assert.equal(state.actions.filter((a) => a.request.itemId === tile).length, 1);
  await context.close();
});
