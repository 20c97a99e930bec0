import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium.ts';
import { appUrl, waitForServiceWorkerControl } from './browser.ts';

test('Chromium finds the app installable (manifest, icons, service worker)', async () => {
  // Installability is only judged in a persistent profile; an incognito context always says "in-incognito".
  const profile = mkdtempSync(join(tmpdir(), 'vault-raider-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS
  });
  try {
    const page = await context.newPage();
    await page.goto(`${appUrl}/vault`);
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    assert.deepEqual(installabilityErrors, []);
    const manifest = await (await page.request.get(`${appUrl}/manifest.webmanifest`)).json();
    assert.equal(manifest.start_url, '/vault');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i: { purpose: string }) => i.purpose === 'maskable'));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
