import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { appUrl, launchBrowser, signedInVault, waitUntil } from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the box suggests filter words, and a saved search follows the player to another device', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.goto(`${appUrl}/search`);
    const box = page.getByRole('searchbox', { name: 'Search items' });
    await box.fill('is:exotic is:we');
    const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
    await suggestions.getByRole('option', { name: 'is:weapon' }).waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'is:exotic is:weapon ');
    await page
      .getByRole('status')
      .filter({ hasText: /^[1-9]\d* items$/ })
      .waitFor();
    assert.equal(await suggestions.isVisible(), false, 'the list closes once the word is whole');

    // A tap takes a suggestion too, and the box keeps its focus.
    await box.fill('is:exotic is:weapon -is:lo');
    await suggestions.getByRole('option', { name: 'is:locked' }).click();
    assert.equal(await box.inputValue(), 'is:exotic is:weapon -is:locked ');
    assert.ok(await box.evaluate((el) => el === document.activeElement));

    await page.getByRole('button', { name: 'Save search' }).click();
    await page.getByRole('button', { name: 'Saved', pressed: true }).waitFor();
    await box.fill('');
    const saved = page.getByRole('region', { name: 'Saved searches' });
    await saved
      .getByRole('button', { name: 'is:exotic is:weapon -is:locked', exact: true })
      .waitFor();

    // Another device of the same player: the saved search is there on its next refresh.
    const other = await signedInVault(browser, { anotherDevice: true });
    try {
      await other.page.goto(`${appUrl}/search`);
      const there = other.page.getByRole('region', { name: 'Saved searches' });
      await waitUntil(
        'the saved search on the other device',
        async () => {
          await other.page.reload();
          return there
            .getByRole('button', { name: 'is:exotic is:weapon -is:locked', exact: true })
            .count();
        },
        (n) => n === 1,
        { interval: 1000 }
      );
      await there
        .getByRole('button', { name: 'is:exotic is:weapon -is:locked', exact: true })
        .click();
      assert.equal(
        await other.page.getByRole('searchbox', { name: 'Search items' }).inputValue(),
        'is:exotic is:weapon -is:locked'
      );
    } finally {
      await other.context.close();
    }
  } finally {
    await context.close();
  }
});
