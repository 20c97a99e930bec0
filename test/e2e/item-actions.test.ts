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

const HUNTER = '2305843009260802821';
const POSTMASTER = 215593132;

const atHunterPostmaster = async () =>
  (await simState()).items.filter((i) => i.owner === HUNTER && i.bucketHash === POSTMASTER);

test('the sheet offers only what the game allows, says why where a player would look, and a subclass shows no power', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    await page.goto(`${appUrl}/characters/${HUNTER}`);
    // The Hunter's equipped helmet: Hunter armor.
    const helmet = page.getByRole('region', { name: 'Helmet' }).locator('.equipped [data-item-id]');
    await helmet.click();
    const sheet = page.getByRole('dialog');
    await sheet.waitFor();
    const buttons = await sheet.locator('.actions button').allTextContents();
    assert.deepEqual(
      buttons.filter((b) => b.startsWith('Equip')),
      [],
      'an equipped helmet is not equipped again, and no other class can wear it'
    );
    assert.ok(buttons.includes('Transfer to Vault'), buttons.join(', '));
    await sheet.getByText('Only a Hunter can equip it.').waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    // The subclass: no power badge, no lock, no transfer.
    const subclass = page
      .getByRole('region', { name: 'Subclass' })
      .locator('[data-item-id]')
      .first();
    assert.doesNotMatch((await subclass.getAttribute('aria-label'))!, /power/);
    assert.equal((await subclass.locator('.power').textContent())?.trim(), '');
    await subclass.click();
    await sheet.waitFor();
    const offered = await sheet.locator('.actions button').allTextContents();
    assert.deepEqual(
      offered.filter((b) => /^(Lock|Unlock|Transfer)/.test(b)),
      [],
      `a subclass offers: ${offered.join(', ')}`
    );
  } finally {
    await context.close();
  }
});

test('banners count each postmaster; a character page switches characters and pulls everything from the postmaster at its top', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    const waiting = (await atHunterPostmaster()).length;
    assert.ok(waiting > 0, 'the real Hunter has mail');
    await page.getByLabel(`Postmaster ${waiting} of 21`).waitFor();

    await page.goto(`${appUrl}/characters/${HUNTER}`);
    const switcher = page.getByRole('navigation', { name: 'Characters' });
    assert.equal(
      await switcher.getByRole('link', { name: 'Hunter' }).getAttribute('aria-current'),
      'page'
    );
    // The postmaster comes before the gear.
    const headings = await page.locator('main h2').allTextContents();
    assert.match(headings[0]!, new RegExp(`^Postmaster ${waiting} / 21`));

    await page.getByRole('button', { name: 'Pull all' }).click();
    // Every pull is carried out or refused with words: what is left at the postmaster (by the
    // simulator) is exactly what failed, and nothing waits.
    const { left } = await waitUntil(
      'every pull to be settled',
      async () => ({ data: await deviceDataIn(page), left: await atHunterPostmaster() }),
      ({ data, left }) =>
        data !== null &&
        data.outbox.every((e) => e.state === 'failed') &&
        data.outbox.length === left.length &&
        left.length < waiting
    );
    await page
      .getByRole('heading', { name: new RegExp(`^Postmaster ${left.length} / 21`) })
      .waitFor();

    await switcher.getByRole('link', { name: 'Titan' }).click();
    await page.waitForURL(`${appUrl}/characters/2305843009260802823`);
    await page.getByRole('heading', { level: 1, name: 'Titan' }).waitFor();
  } finally {
    await context.close();
  }
});

test('equipping an exotic where another of its kind is equipped says which one came off', async () => {
  const { context, page } = await signedInVault(browser);
  try {
    // The Hunter's equipped exotic weapon, and its slot.
    await page.goto(`${appUrl}/characters/${HUNTER}`);
    let worn: { slot: string; name: string } | undefined;
    for (const slot of ['Kinetic Weapons', 'Energy Weapons', 'Power Weapons']) {
      const label = await page
        .getByRole('region', { name: slot })
        .locator('.equipped [data-item-id]')
        .getAttribute('aria-label');
      if (label && / exotic/.test(label)) worn = { slot, name: label.split(',')[0]! };
    }
    assert.ok(worn, 'the real Hunter wears an exotic weapon');

    // An exotic weapon of another slot, from the vault.
    await page.goto(`${appUrl}/vault`);
    await waitForWholeVault(page);
    const other = ['Kinetic Weapons', 'Energy Weapons', 'Power Weapons'].find(
      (s) => s !== worn.slot
    )!;
    const exotic = page
      .getByRole('region', { name: new RegExp(`^${other}`) })
      .locator('[data-item-id][aria-label*=" exotic"]')
      .first();
    const itemId = (await exotic.getAttribute('data-item-id'))!;
    await exotic.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Equip on Hunter' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`in place of ${worn.name}: only one exotic of a kind`) })
      .waitFor({ timeout: 30_000 });
    await waitUntil('the exotic to be equipped on the Hunter', simState, (state) =>
      state.items.some((i) => i.itemId === itemId && i.owner === HUNTER && i.equipped)
    );
  } finally {
    await context.close();
  }
});
