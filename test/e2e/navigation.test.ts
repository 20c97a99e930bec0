import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  appUrl,
  deviceDataIn,
  launchBrowser,
  signedInVault,
  simState,
  waitForWholeVault,
  waitUntil
} from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const CHARACTER = '2305843009260802821';

test('"Updated N min ago" advances on a character page, offline too', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    // After signing in: a faked clock also fakes performance entries, which the sign-in waits on.
    // The page opened next runs on it.
    await context.clock.install();
    await page.goto(`${appUrl}/characters/${CHARACTER}`);
    const freshness = page.locator('.freshness');
    await freshness.filter({ hasText: 'Updated just now' }).waitFor();
    await context.setOffline(true);
    await page.clock.fastForward('10:00');
    await freshness.filter({ hasText: /Updated 10 min ago/ }).waitFor();
    await page.clock.fastForward('05:00');
    await freshness.filter({ hasText: /Updated 15 min ago/ }).waitFor();
  } finally {
    await context.close();
  }
});

test('Search keeps its query and results after Back', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.getByRole('link', { name: 'Search' }).click();
    const box = page.getByRole('searchbox', { name: 'Search items' });
    await box.fill('is:exotic is:weapon');
    const count = page.getByRole('status').filter({ hasText: /^[1-9]\d* items$/ });
    await count.waitFor();
    const found = await count.textContent();
    await page.locator('main [data-item-id]').first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(`${appUrl}/compare/**`);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/search');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'is:exotic is:weapon');
    await page.getByRole('status').filter({ hasText: found! }).waitFor();
    assert.equal(await box.inputValue(), 'is:exotic is:weapon');
  } finally {
    await context.close();
  }
});

test('the vault keeps its scroll position after Back', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await waitForWholeVault(page);
    await page.evaluate(() => scrollTo(0, 2500));
    await page.waitForFunction(() => Math.abs(scrollY - 2500) < 2);
    // A tile on screen there: open it, go to Compare, come back.
    const onScreen = await page.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>('main [data-item-id]')) {
        const box = el.getBoundingClientRect();
        if (box.top > 100 && box.bottom < innerHeight - 100) return el.dataset.itemId!;
      }
      return null;
    });
    assert.ok(onScreen, 'a tile on screen');
    await page.locator(`main [data-item-id="${onScreen}"]`).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(`${appUrl}/compare/**`);
    await page.goBack();
    await page.waitForURL(`${appUrl}/vault`);
    await page.waitForFunction(() => Math.abs(scrollY - 2500) < 60);
  } finally {
    await context.close();
  }
});

test('a search in the address runs, the address follows the box, and a query that cannot be read says which word', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.goto(`${appUrl}/search?q=${encodeURIComponent('is:exotic is:weapon -is:locked')}`);
    const box = page.getByRole('searchbox', { name: 'Search items' });
    assert.equal(await box.inputValue(), 'is:exotic is:weapon -is:locked');
    await page
      .getByRole('status')
      .filter({ hasText: /^[1-9]\d* items$/ })
      .waitFor();
    const labels = await page
      .locator('main [data-item-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(labels.length > 0, 'unlocked exotic weapons found');
    assert.ok(
      labels.every((l) => / exotic/.test(l) && !/ locked/.test(l)),
      labels.join('; ')
    );

    await box.fill('is:weapon or (is:armor power:>=1310)');
    await page.waitForURL(
      (url) => url.searchParams.get('q') === 'is:weapon or (is:armor power:>=1310)'
    );
    await page
      .getByRole('status')
      .filter({ hasText: /^[1-9]\d* items$/ })
      .waitFor();

    await page.goto(`${appUrl}/search?q=${encodeURIComponent('(is:weapon')}`);
    await page.getByRole('status').filter({ hasText: 'A "(" is never closed.' }).waitFor();
    assert.equal(await page.locator('main [data-item-id]').count(), 0);
  } finally {
    await context.close();
  }
});

test('locking every result of a search queues offline and is carried out once each', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.goto(
      `${appUrl}/search?q=${encodeURIComponent('is:weapon is:legendary -is:locked slot:kinetic')}`
    );
    const count = page.getByRole('status').filter({ hasText: /^[1-9]\d* items$/ });
    await count.waitFor();
    const ids = await page
      .locator('main [data-item-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')!));
    assert.ok(ids.length >= 2, `${ids.length} unlocked legendary kinetic weapons`);

    await context.setOffline(true);
    await page
      .getByRole('region', { name: 'Act on results' })
      .getByRole('button', { name: 'Lock all', exact: true })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `Lock: 0 of ${ids.length} done` })
      .waitFor();
    await waitUntil(
      'every lock to wait on the device',
      () => deviceDataIn(page),
      (data) => data?.outbox.filter((e) => e.state === 'pending').length === ids.length
    );
    await context.setOffline(false);
    await page
      .getByRole('status')
      .filter({ hasText: `Lock: ${ids.length} of ${ids.length} done` })
      .waitFor({ timeout: 60_000 });
    await waitUntil(
      'the device to hold no locks',
      () => deviceDataIn(page),
      (data) => data?.outbox.length === 0
    );
    const state = await simState();
    for (const id of ids) {
      const item = state.items.find((i) => i.itemId === id)!;
      assert.equal(item.state & 1, 1, `${id} locked`);
      const locks = state.actions.filter(
        (a) => a.action === 'SetLockState' && a.request.itemId === id
      );
      assert.equal(locks.length, 1, `${id} locked once: ${JSON.stringify(locks)}`);
    }
  } finally {
    await context.close();
  }
});
