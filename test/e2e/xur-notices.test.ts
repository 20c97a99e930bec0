import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  adminToken,
  appRegistrationId,
  appUrl,
  launchBrowser,
  publisherUrl,
  signedInVault,
  simState,
  simUrl,
  waitForServiceWorkerControl,
  waitUntil
} from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

interface Delivered {
  subscription: string;
  payload: string;
}
const deliveredTo = async (id: string) =>
  ((await (await fetch(`${simUrl}/__sim/push`)).json()) as Delivered[]).filter(
    (d) => d.subscription === id
  );
/** One look for Xûr by the cron Worker, as its tick would. */
const lookForXur = async () =>
  (await (
    await fetch(`${publisherUrl}/xur`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}` }
    })
  ).json()) as { outcome: string; channels?: { push?: { delivered: number } } };
/** A later visit of Xûr than any announced yet in this run (the stack's storage is new each run). */
let week = 0;
const newVisit = () =>
  fetch(`${simUrl}/__sim/config`, { method: 'POST', body: JSON.stringify({ xurWeek: ++week }) });

/**
 * Headless Chromium has no push service to subscribe at (its `pushManager.subscribe` fails), so
 * the page's PushManager asks the simulator's push service instead, for the key the app passes:
 * the subscription the edge stores and the cron Worker pushes to is then real, keys and all. The
 * browser's subscription lives in localStorage, as a real one outlives a reload.
 */
async function stubPushManager(context: BrowserContext): Promise<void> {
  await context.exposeBinding('simPushSubscribe', async (_, applicationServerKey: string) =>
    (
      await fetch(`${simUrl}/__sim/push/subscriptions`, {
        method: 'POST',
        body: JSON.stringify({ applicationServerKey })
      })
    ).json()
  );
  await context.addInitScript(() => {
    if (!('PushManager' in self)) return;
    const KEY = 'sim-push-subscription';
    const wrap = (json: { endpoint: string }) => ({
      endpoint: json.endpoint,
      expirationTime: null,
      toJSON: () => json,
      unsubscribe: async () => {
        localStorage.removeItem(KEY);
        return true;
      }
    });
    const subscribe = (
      window as unknown as { simPushSubscribe(key: string): Promise<{ endpoint: string }> }
    ).simPushSubscribe;
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      const key = options?.applicationServerKey;
      assertString(key);
      const json = await subscribe(key);
      localStorage.setItem(KEY, JSON.stringify(json));
      return wrap(json) as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      const stored = localStorage.getItem(KEY);
      return stored ? (wrap(JSON.parse(stored)) as unknown as PushSubscription) : null;
    };
    function assertString(value: unknown): asserts value is string {
      if (typeof value !== 'string') throw new TypeError('applicationServerKey must be a string');
    }
  });
}

const subscriptionIdIn = async (page: Page) =>
  page.evaluate(() => {
    const stored = localStorage.getItem('sim-push-subscription');
    return stored ? (JSON.parse(stored) as { endpoint: string }).endpoint.split('/').pop()! : null;
  });

test('"Notify me when Xûr arrives" subscribes this device, his arrival reaches it, and Stop forgets it', async () => {
  const { context, page } = await signedInVault(browser, {
    before: async (context) => {
      await context.grantPermissions(['notifications'], { origin: appUrl });
      await stubPushManager(context);
    }
  });
  try {
    await waitForServiceWorkerControl(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Notify me when Xûr arrives' }).click();
    // The button turns, or the page says why not (which the assertion then shows).
    const turned = page
      .getByRole('button', { name: 'Stop Xûr notices' })
      .or(page.getByRole('alert'));
    await turned.first().waitFor();
    assert.equal(await turned.first().textContent(), 'Stop Xûr notices');
    const id = await subscriptionIdIn(page);
    assert.ok(id, 'the browser holds a subscription');

    // The Xûr page shows the same state.
    await page.getByRole('link', { name: 'Xûr' }).click();
    await page.getByRole('button', { name: 'Stop Xûr notices' }).waitFor();
    // His exotics the 2021 account holds nowhere are marked.
    const held = new Set((await simState()).items.map((i) => i.itemHash));
    const sold = (await page.evaluate(async () => (await fetch('/api/vendors/xur')).json())) as {
      items: { hash: number }[];
    };
    const lacking = sold.items.filter((i) => !held.has(i.hash)).length;
    assert.ok(lacking > 0, 'the simulator sells exotics the 2021 account lacks');
    await waitUntil(
      `${lacking} exotics marked as not in the account`,
      () => page.getByText('not in your account').count(),
      (marked) => marked === lacking
    );
    // Only exotics the player lacks: the edge is told which the account holds.
    // Each choice is stored at the edge before the next is made, and before Xûr is looked for.
    const pushSaved = (withOwned: boolean) =>
      page.waitForResponse(
        (response) =>
          response.request().method() === 'PUT' &&
          new URL(response.url()).pathname === '/api/notices/xur/push' &&
          'ownedExotics' in (response.request().postDataJSON() as object) === withOwned
      );
    const told = pushSaved(true);
    await page.getByRole('checkbox', { name: 'Only when he sells an exotic I do not own' }).check();
    const toldResponse = await told;
    assert.equal(toldResponse.status(), 200);
    const owned = (toldResponse.request().postDataJSON() as { ownedExotics?: number[] })
      .ownedExotics;
    assert.ok(owned && owned.length > 0, `the exotics of the 2021 account: ${owned?.length}`);
    // Off again: every visit is pushed.
    const cleared = pushSaved(false);
    await page
      .getByRole('checkbox', { name: 'Only when he sells an exotic I do not own' })
      .uncheck();
    assert.equal((await cleared).status(), 200);

    await newVisit();
    const look = await lookForXur();
    assert.equal(look.outcome, 'announced');
    const [delivered] = await waitUntil(
      'the push at the device',
      () => deliveredTo(id),
      (got) => got.length > 0
    );
    const notice = JSON.parse(delivered!.payload) as { title: string; body: string; url: string };
    assert.equal(notice.title, 'Xûr has arrived');
    assert.equal(notice.url, '/xur');
    assert.equal(notice.body.split('\n').length, 5);

    // Off: the edge forgets this device, and his next visit is not pushed to it.
    await page.getByRole('button', { name: 'Stop Xûr notices' }).click();
    await page.getByRole('button', { name: 'Notify me when Xûr arrives' }).waitFor();
    assert.equal(await subscriptionIdIn(page), null);
    await newVisit();
    assert.equal((await lookForXur()).outcome, 'announced');
    assert.equal((await deliveredTo(id)).length, 1);

    // On again, then signing out: the device (perhaps shared) stops hearing of Xûr for this player.
    await page.getByRole('button', { name: 'Notify me when Xûr arrives' }).click();
    await page.getByRole('button', { name: 'Stop Xûr notices' }).waitFor();
    const again = (await subscriptionIdIn(page))!;
    await page.getByRole('link', { name: 'Vault', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${appUrl}/?signedOut`);
    assert.equal(await subscriptionIdIn(page), null);
    await newVisit();
    const afterSignOut = await lookForXur();
    assert.equal(afterSignOut.outcome, 'announced');
    assert.equal(afterSignOut.channels?.push?.delivered, 0);
    assert.equal((await deliveredTo(again)).length, 0);
  } finally {
    await context.close();
  }
});

test('a push delivered to the service worker shows his stock as a notification', async () => {
  const { context, page } = await signedInVault(browser, {
    before: (context) => context.grantPermissions(['notifications'], { origin: appUrl })
  });
  try {
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    // DevTools' record of push events (as its Background Services panel shows them): the push
    // reached the worker, and the worker's handling of it ended, with its outcome.
    const pushEvents: string[] = [];
    cdp.on('BackgroundService.backgroundServiceEventReceived', ({ backgroundServiceEvent }) => {
      const { eventName, eventMetadata } = backgroundServiceEvent;
      const detail = eventMetadata.map(({ key, value }) => `${key}: ${value}`).join(', ');
      pushEvents.push(`${eventName} (${detail})`);
    });
    await cdp.send('BackgroundService.startObserving', { service: 'pushMessaging' });
    await cdp.send('BackgroundService.setRecording', {
      shouldRecord: true,
      service: 'pushMessaging'
    });
    const registrationId = await appRegistrationId(cdp);
    const notice = {
      title: 'Xûr has arrived',
      body: 'Hawkmoon (Hand Cannon): 97 Legendary Shards\nThe Last Word (Hand Cannon): 97 Legendary Shards',
      tag: 'xur-2026-12-01T17:00:00Z',
      url: '/xur'
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: appUrl,
      registrationId,
      data: JSON.stringify(notice)
    });
    // Now and then the notification never showed, though the worker ran with no error (Chromium
    // reconciles the notifications it stores with those on screen as they are read, which may drop
    // one still being shown): they are read only once the worker's handling of the push has ended.
    const handled = await waitUntil(
      "the worker's handling of the push to end",
      async () => pushEvents.find((event) => event.startsWith('Push event completed')),
      (event) => event !== undefined,
      { show: () => pushEvents }
    );
    assert.equal(handled, 'Push event completed (Status: Success)');
    const shown = await waitUntil(
      'the notification',
      () =>
        page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
            title: n.title,
            body: n.body,
            tag: n.tag,
            data: n.data as unknown
          }))
        ),
      (notifications) => notifications.length > 0,
      { show: (notifications) => ({ notifications, pushEvents }) }
    );
    assert.deepEqual(shown, [
      { title: notice.title, body: notice.body, tag: notice.tag, data: { url: '/xur' } }
    ]);
  } finally {
    await context.close();
  }
});

test('Xûr by email: an address typed in Settings, confirmed from its email, then mailed his stock, then stopped', async () => {
  const { context, page } = await signedInVault(browser);
  const address = `guardian-${Date.now()}@example.com`;
  const mailTo = async () =>
    (
      (await (await fetch(`${simUrl}/__sim/mail`)).json()) as {
        to: string[];
        subject: string;
        text: string;
      }[]
    ).filter((m) => m.to.includes(address));
  try {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: 'Email address' }).fill(address);
    await page.getByRole('button', { name: 'Email me when Xûr arrives' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Check ${address}` })
      .waitFor();

    const [confirmation] = await waitUntil('the confirmation email', mailTo, (m) => m.length > 0);
    const link = /Confirm and start the emails: (\S+)/.exec(confirmation!.text)![1]!;
    assert.equal(new URL(link).origin, appUrl);
    // Opened as from a mail client: the page asks before anything happens.
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm Xûr emails' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Confirmed: Xûr’s stock will be emailed to ${address}` })
      .waitFor();
    await page.goto(`${appUrl}/settings`);
    await page.getByText(`Xûr’s stock is emailed to ${address}`).waitFor();

    await newVisit();
    assert.equal((await lookForXur()).outcome, 'announced');
    const mails = await mailTo();
    assert.equal(mails.length, 2);
    assert.match(mails[1]!.subject, /^Xûr has arrived: /);

    await page.getByRole('button', { name: 'Stop Xûr emails' }).click();
    await page.getByRole('button', { name: 'Email me when Xûr arrives' }).waitFor();
    await newVisit();
    assert.equal((await lookForXur()).outcome, 'announced');
    assert.equal((await mailTo()).length, 2);
  } finally {
    await context.close();
  }
});
