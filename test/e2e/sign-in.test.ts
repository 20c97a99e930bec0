import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  appUrl,
  deviceDataIn,
  launchBrowser,
  signedInVault,
  simState,
  simUrl,
  storeCountsIn,
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

test('a player signs in through Bungie, stays signed in across reloads and token expiry, and signs out', async () => {
  // Access tokens that need refreshing a second after sign-in (the app refreshes 60 s early).
  await fetch(`${simUrl}/__sim/reset`, {
    method: 'POST',
    body: JSON.stringify({ accessTokenSeconds: 61 })
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();

  await page.goto(`${appUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
  await page.waitForURL(`${simUrl}/en/OAuth/Authorize**`);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${appUrl}/vault`);
  await page.getByText('Signed in as VidBoi').waitFor();
  await page.getByRole('heading', { name: 'Vault' }).waitFor();

  const cookie = (await context.cookies(appUrl)).find((c) => c.name === '__Host-vr_session');
  assert.ok(cookie, 'session cookie set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(await page.evaluate(() => document.cookie.includes('vr_session')), false);

  await page.reload();
  await page.getByText('Signed in as VidBoi').waitFor();

  // Each load asks who is signed in; once the token is within the margin (a second after it was
  // issued) a load refreshes it first. The player stays signed in on every load.
  const refreshesBefore = (await simState()).oauth.grants.refresh_token;
  const reloadAndCount = async () => {
    await page.reload();
    await page.getByText('Signed in as VidBoi').waitFor();
    return (await simState()).oauth.grants.refresh_token;
  };
  await waitUntil(
    'a load to refresh the expiring token',
    reloadAndCount,
    (refreshes) => refreshes > refreshesBefore,
    { timeout: 15_000 }
  );

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${appUrl}/?signedOut`);
  await page.getByText('You are signed out').waitFor();
  // A deliberate sign-out leaves nothing of the account: the next visitor is asked to "Sign in".
  await page.goto(`${appUrl}/vault`);
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  await context.close();
});

test('a device that never signed in is asked to "Sign in" (not "again") on the vault, search and a character page', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  for (const path of ['/vault', '/search', '/characters/2305843009260802821']) {
    await page.goto(`${appUrl}${path}`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    assert.equal(await page.getByText(/again/).count(), 0, `${path} says "again"`);
    assert.equal(await page.getByText('Loading…').count(), 0, `${path} still says "Loading…"`);
    // The sign-in comes back to the page the player opened.
    const href = await page.getByRole('link', { name: 'Sign in with Bungie' }).getAttribute('href');
    assert.equal(new URL(href!, appUrl).searchParams.get('returnTo'), path);
  }
  await context.close();
});

test('a sign-in that cannot finish ends on a page of the app with a way forward; approving an old sign-in again lands on the vault', async () => {
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${appUrl}/search`);
    await page.getByRole('link', { name: 'Sign in with Bungie' }).click();
    await page.waitForURL(`${simUrl}/en/OAuth/Authorize**`);
    // Bungie goes down for maintenance while the player reads its page.
    await fetch(`${simUrl}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ maintenance: true })
    });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${appUrl}/sign-in?**`);
    await page.getByRole('heading', { name: 'Bungie.net is down for maintenance' }).waitFor();
    assert.equal(await page.evaluate(() => document.contentType), 'text/html');
    assert.doesNotMatch(await page.locator('body').innerText(), /[{}]|bungie_maintenance/);
    // A device with no vault on it offers the start, not a vault it does not have.
    await page.getByRole('link', { name: 'Back to the start' }).waitFor();

    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: '{}' });
    await page.getByRole('link', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    // The retried sign-in comes back to the page the player started from.
    await page.waitForURL(`${appUrl}/search`);

    // Back to Bungie's page, and Approve once more: already signed in, so the vault.
    await page.goBack();
    await page.waitForURL(`${simUrl}/en/OAuth/Authorize**`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${appUrl}/vault`);
    await page.getByText('Signed in as VidBoi').waitFor();
  } finally {
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: '{}' });
    await context.close();
  }
});

test('signing out with a move waiting asks first, then deletes the account from the device and every tab', async () => {
  const { context, page } = await signedInVault(browser);
  const faults = (body: unknown) =>
    fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify(body) });
  try {
    const other = await context.newPage();
    await other.goto(`${appUrl}/search`);
    await waitForWholeVault(page);
    // Bungie in maintenance: a move made now waits on the device.
    await faults({ maintenance: true });
    const tile = page.getByRole('region', { name: /^Energy Weapons/ }).locator('[data-item-id]');
    const itemId = (await tile.first().getAttribute('data-item-id'))!;
    await tile.first().click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Transfer to / })
      .first()
      .click();
    await waitUntil(
      'the move to wait on the device',
      () => deviceDataIn(page),
      (data) => data?.outbox.length === 1 && data.outbox[0]!.itemId === itemId
    );

    // The signed-out page's address, opened while signed in (a link, a reload): it deletes nothing.
    await other.goto(`${appUrl}/?signedOut`);
    await other.waitForURL(`${appUrl}/vault`);
    assert.equal((await deviceDataIn(other))?.outbox.length, 1, 'the waiting move is kept');

    await page.getByRole('button', { name: 'Sign out' }).click();
    const ask = page.getByRole('dialog', { name: 'Sign out?' });
    await ask.getByText('1 move has not been carried out yet').waitFor();
    await ask.getByRole('button', { name: 'Stay signed in' }).click();
    await ask.waitFor({ state: 'hidden' });
    assert.equal((await deviceDataIn(page))?.outbox.length, 1, 'staying keeps the move');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await ask.getByRole('button', { name: 'Delete it and sign out' }).click();
    await page.waitForURL(`${appUrl}/?signedOut`);
    await page.getByText('You are signed out').waitFor();
    // The other tab leaves the account too.
    await other.waitForURL(`${appUrl}/?signedOut`);
    const left = await storeCountsIn(page);
    assert.deepEqual(
      { profiles: left.profiles, itemDetails: left.itemDetails, outbox: left.outbox },
      { profiles: 0, itemDetails: 0, outbox: 0 }
    );
    assert.deepEqual([...(left.metaKeys as string[])].sort(), ['config', 'shardIndex']);
    assert.ok((left.bucketItems as number) > 0, "Bungie's public definitions stay");

    // Nothing of the account is left to find.
    await faults({});
    await page.goto(`${appUrl}/search`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await page.getByRole('searchbox', { name: 'Search items' }).fill('is:exotic');
    await page.getByRole('status').filter({ hasText: '0 items' }).waitFor();
  } finally {
    await faults({});
    await context.close();
  }
});

test('after a sign-in ends by itself, the player can still remove the account from the device', async () => {
  const { context, page } = await signedInVault(browser);
  const primed = async () =>
    (await context.cookies(appUrl)).some((cookie) => cookie.name === '__Host-vr_primed');
  try {
    assert.equal(await primed(), true, 'the first visit marked the browser');
    await fetch(`${simUrl}/__sim/tokens/revoke`, { method: 'POST' });
    await page.reload();
    await page.getByText('Your sign-in has ended; this is what the device last saw.').waitFor();
    await page.getByRole('button', { name: 'Remove this account from the device' }).click();
    await page.waitForURL(`${appUrl}/?signedOut`);
    const left = await storeCountsIn(page);
    assert.deepEqual(
      { profiles: left.profiles, itemDetails: left.itemDetails, outbox: left.outbox },
      { profiles: 0, itemDetails: 0, outbox: 0 }
    );
    // The edge was told too: the next sign-in here is served as a first visit again.
    await waitUntil('the first-visit mark to be cleared', primed, (held) => !held);
  } finally {
    await context.close();
  }
});
