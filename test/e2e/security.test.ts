import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  appUrl,
  launchBrowser,
  publisherUrl,
  signedInVault,
  simUrl,
  waitForWholeVault
} from './browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  // Leave the stack with the plain definitions for the tests after this one.
  await fetch(`${simUrl}/__sim/reset`, { method: 'POST', body: '{}' });
  await publish();
  await browser?.close();
});

async function publish(): Promise<void> {
  const run = await fetch(`${publisherUrl}/run`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` }
  });
  assert.equal(run.status, 200, await run.text());
}

/** Whether anything a hostile name carried ran, or became an element. */
async function injected(page: Page): Promise<{ ran: unknown; images: number; scripts: number }> {
  return page.evaluate(() => ({
    ran: (window as unknown as { __pwned?: unknown }).__pwned,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length
  }));
}

test('the page policy blocks inline script, and page script cannot read the session cookie', async () => {
  const { context, page } = await signedInVault(browser);
  const response = await page.goto(`${appUrl}/vault`);
  const header = response?.headers()['content-security-policy'] ?? '';
  // The page may carry its policy in a header, a meta element, or both.
  const metaElement = page.locator('meta[http-equiv="content-security-policy" i]');
  const meta = (await metaElement.count())
    ? await metaElement.first().getAttribute('content')
    : null;
  const policy = `${header} ${meta ?? ''}`;
  assert.match(policy, /script-src 'self'/);
  assert.doesNotMatch(policy.match(/script-src[^;]*/)?.[0] ?? '', /unsafe-inline|unsafe-eval/);

  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(e.violatedDirective)
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const handler = document.createElement('div');
    handler.setAttribute('onclick', 'window.__handlerRan = true');
    document.body.append(handler);
    handler.click();
    // Violations are reported as events after the fact: wait for the first (or 5 s, then report none).
    const until = Date.now() + 5_000;
    while (!violations.some((d) => d.startsWith('script-src')) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const w = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
    return {
      inline: w.__inlineRan ?? false,
      handler: w.__handlerRan ?? false,
      violations,
      cookie: document.cookie
    };
  });
  assert.equal(outcome.inline, false, 'an injected inline script does not run');
  assert.equal(outcome.handler, false, 'an injected event handler attribute does not run');
  assert.ok(
    outcome.violations.some((d) => d.startsWith('script-src')),
    `violations reported: ${outcome.violations.join(', ')}`
  );

  // The session cookie exists, and page script cannot see it.
  const cookies = await context.cookies(appUrl);
  const session = cookies.find((c) => c.name === '__Host-vr_session');
  assert.ok(session, 'signed in with a session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  assert.doesNotMatch(outcome.cookie, /vr_session/);
  await context.close();
});

test('item names carrying HTML and script from a malicious definitions table are shown as text', async () => {
  const { context, page } = await signedInVault(browser);
  // Every weapon and armor piece gets a name with an <img onerror> and a <script> in it.
  await fetch(`${simUrl}/__sim/manifest/bump`, {
    method: 'POST',
    body: JSON.stringify({ changedItems: 1_000_000, hostileNames: true })
  });
  await publish();

  await page.reload();
  // The reload paints the names the device held, then the refresh brings the new shards: the whole
  // vault is counted once the hostile names are shown.
  const hostile = page.locator('main [data-item-id][aria-label*="<img src=x"]');
  await hostile.first().waitFor({ timeout: 30_000 });
  await waitForWholeVault(page);
  assert.ok((await hostile.count()) > 50, 'the vault shows the hostile names');
  assert.match(
    (await hostile.first().getAttribute('title')) ?? '',
    /^<img src=x onerror="window.__pwned=1">.+ <script>window.__pwned=2<\/script>$/
  );
  assert.deepEqual(await injected(page), { ran: undefined, images: 0, scripts: 0 });

  // The item sheet, a character page and search render names too.
  await hostile.first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match((await dialog.textContent()) ?? '', /<img src=x onerror=/);
  assert.deepEqual(await injected(page), { ran: undefined, images: 0, scripts: 0 });
  await page.keyboard.press('Escape');
  await page.goto(`${appUrl}/search`);
  await page.getByRole('searchbox').fill('script');
  await page.locator('main [data-item-id]').first().waitFor();
  assert.deepEqual(await injected(page), { ran: undefined, images: 0, scripts: 0 });
  await context.close();
});
