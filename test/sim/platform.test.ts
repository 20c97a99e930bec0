// Over 200 lines: the platform-wide answers (API key, tokens, maintenance, faults) share one harness.
import { describe, expect, it } from 'vitest';
import { harness, REAL } from './harness.ts';

const MANIFEST = '/Platform/Destiny2/Manifest/';

describe('platform-wide answers: API key, tokens, maintenance, faults', () => {
  it('requires the API key: missing 2102, wrong 2101', async () => {
    const h = harness();
    expect(await h.json(MANIFEST, { apiKey: null })).toMatchObject({
      status: 401,
      body: { ErrorCode: 2102, ErrorStatus: 'ApiKeyMissingFromRequest' }
    });
    expect(await h.json(MANIFEST, { apiKey: 'someone-else' })).toMatchObject({
      status: 401,
      body: { ErrorCode: 2101, ErrorStatus: 'ApiInvalidOrExpiredKey' }
    });
  });

  it('requires a token for private calls: missing or unknown 99', async () => {
    const h = harness();
    const expected = {
      status: 401,
      body: {
        ErrorCode: 99,
        ErrorStatus: 'WebAuthRequired',
        Message: 'Please sign-in to continue.',
        ThrottleSeconds: 0,
        MessageData: {}
      }
    };
    expect(await h.json('/Platform/User/GetMembershipsForCurrentUser/')).toEqual(expected);
    expect(
      await h.json('/Platform/User/GetMembershipsForCurrentUser/', { token: 'forged' })
    ).toEqual(expected);
    const action = await h.json('/Platform/Destiny2/Actions/Items/TransferItem/', {
      method: 'POST',
      body: '{}'
    });
    expect(action.body).toMatchObject({ ErrorCode: 99 });
  });

  it('serves private profile components to the owner only', async () => {
    const h = harness();
    const path = `/Platform/Destiny2/2/Profile/${REAL.membershipId}/?components=102,200,201`;
    const anyone = await h.json<{ Response: Record<string, { data?: unknown; privacy: number }> }>(
      path
    );
    expect(anyone.body.Response.characterInventories).toEqual({ privacy: 2 });
    expect(anyone.body.Response.characters!.data).toBeDefined();
    const { access_token } = await h.signIn();
    const owner = await h.json<{ Response: Record<string, { data?: unknown }> }>(path, {
      token: access_token
    });
    expect(owner.body.Response.characterInventories!.data).toBeDefined();
  });

  it('answers unknown accounts with 1601 and bad parameters with 18', async () => {
    const h = harness();
    expect(
      (await h.json('/Platform/Destiny2/2/Profile/4611686018400000000/?components=100')).body
        .ErrorCode
    ).toBe(1601);
    expect(
      (await h.json(`/Platform/Destiny2/3/Profile/${REAL.membershipId}/?components=100`)).body
        .ErrorCode
    ).toBe(18);
    expect(
      (await h.json(`/Platform/Destiny2/2/Profile/${REAL.membershipId}/`)).body.ErrorCode
    ).toBe(18);
    expect(
      (await h.json(`/Platform/Destiny2/2/Profile/${REAL.membershipId}/?components=Bogus`)).body
        .ErrorCode
    ).toBe(18);
  });

  it('goes down for maintenance with 5 SystemDisabled and comes back', async () => {
    const h = harness();
    await h.call('/__sim/faults', { method: 'POST', body: JSON.stringify({ maintenance: true }) });
    expect(await h.json(MANIFEST)).toMatchObject({
      status: 503,
      body: {
        ErrorCode: 5,
        ErrorStatus: 'SystemDisabled',
        Message: 'This system is temporarily disabled for maintenance.'
      }
    });
    await h.call('/__sim/faults', { method: 'POST', body: JSON.stringify({ maintenance: false }) });
    expect((await h.json(MANIFEST)).body.ErrorCode).toBe(1);
  });

  it('goes down in the other shapes seen in the wild: an OAuth-style error, an HTML page, answers cut short', async () => {
    const h = harness();
    const faults = (body: unknown) =>
      h.call('/__sim/faults', { method: 'POST', body: JSON.stringify(body) });
    await faults({ maintenance: 'oauth' });
    const oauth = await h.call(MANIFEST);
    expect(oauth.status).toBe(503);
    expect(await oauth.json()).toEqual({
      error: 'server_error',
      error_description: 'SystemDisabled'
    });
    await faults({ maintenance: 'html' });
    const page = await h.call(MANIFEST);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('down for maintenance');
    await faults({ maintenance: false, truncateJson: true });
    const cut = await h.call(MANIFEST);
    expect(cut.status).toBe(200);
    const text = await cut.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.startsWith('{"Response"')).toBe(true);
    await faults({ truncateJson: false });
    expect((await h.json(MANIFEST)).body.ErrorCode).toBe(1);
  });

  it('throttles with ThrottleSeconds, fails the next call once, fails at a rate, adds latency', async () => {
    const h = harness();
    const faults = (body: unknown) =>
      h.call('/__sim/faults', { method: 'POST', body: JSON.stringify(body) });
    await faults({ throttle: 3 });
    expect(await h.json(MANIFEST)).toMatchObject({
      status: 429,
      body: { ErrorCode: 36, ThrottleSeconds: 3 }
    });
    await faults({ throttle: 0, failNext: { code: 1642 } });
    expect((await h.json(MANIFEST)).body.ErrorCode).toBe(1642);
    expect((await h.json(MANIFEST)).body.ErrorCode).toBe(1);
    // One throttled call, asking for the wait given, then served again.
    await faults({ failNext: { code: 36, throttleSeconds: 2 } });
    expect(await h.json(MANIFEST)).toMatchObject({
      status: 429,
      body: { ErrorCode: 36, ThrottleSeconds: 2 }
    });
    expect((await h.json(MANIFEST)).body.ErrorCode).toBe(1);
    await faults({ errorRate: 1 });
    expect(await h.json(MANIFEST)).toMatchObject({ status: 500, body: { ErrorCode: 3 } });
    await faults({ errorRate: 0, latencyMs: 120 });
    const started = performance.now();
    await h.json(MANIFEST);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('clears every fault with an empty body', async () => {
    const h = harness();
    const faults = (body: unknown) =>
      h.call('/__sim/faults', { method: 'POST', body: JSON.stringify(body) });
    await faults({ maintenance: 'html', throttle: 3, errorRate: 1, failNext: { code: 1642 } });
    expect((await h.call(MANIFEST)).status).toBe(503);
    const cleared = await faults({});
    expect((await cleared.json()).faults).toEqual({
      errorRate: 0,
      latencyMs: 0,
      throttle: 0,
      maintenance: false,
      truncateJson: false,
      failNext: null,
      truncateTables: false
    });
    expect((await h.json(MANIFEST)).body.ErrorCode).toBe(1);
  });

  it('rejects malformed fault and reset bodies with 400', async () => {
    const h = harness();
    expect(
      (await h.call('/__sim/faults', { method: 'POST', body: JSON.stringify({ errorRate: 7 }) }))
        .status
    ).toBe(400);
    expect(
      (
        await h.call('/__sim/faults', {
          method: 'POST',
          body: JSON.stringify({ failNext: { code: 12345 } })
        })
      ).status
    ).toBe(400);
    expect(
      (await h.call('/__sim/reset', { method: 'POST', body: JSON.stringify({ dataset: 'fake' }) }))
        .status
    ).toBe(400);
  });

  it('resets everything: items, tokens, faults', async () => {
    const h = harness();
    const { access_token } = await h.signIn();
    h.world.account.items.pop();
    await h.call('/__sim/faults', { method: 'POST', body: JSON.stringify({ maintenance: true }) });
    await h.call('/__sim/reset', { method: 'POST', body: '{}' });
    expect(h.world.faults.maintenance).toBe(false);
    expect(h.world.account.items).toHaveLength(991);
    expect(
      (await h.json('/Platform/User/GetMembershipsForCurrentUser/', { token: access_token })).body
        .ErrorCode
    ).toBe(99);
  });

  it('switches Xûr on and off', async () => {
    const h = harness();
    const xur = async () =>
      (
        await h.json<{
          Response: {
            vendors: { data: Record<string, unknown> };
            sales: { data: Record<string, { saleItems: Record<string, { itemHash: number }> }> };
          };
        }>('/Platform/Destiny2/Vendors/?components=400,402')
      ).body.Response;
    const here = await xur();
    expect(Object.keys(here.vendors.data)).toEqual(['2190858386']);
    const sold = Object.values(here.sales.data['2190858386']!.saleItems).map((s) =>
      h.world.dataset.itemRules(s.itemHash)
    );
    expect(sold.length).toBeGreaterThanOrEqual(4);
    expect(sold.every((r) => r?.tierType === 6)).toBe(true);
    await h.call('/__sim/config', { method: 'POST', body: JSON.stringify({ xur: false }) });
    expect((await xur()).vendors.data).toEqual({});
  });

  it('serves an image for any icon path', async () => {
    const h = harness();
    const response = await h.call(
      '/common/destiny2_content/icons/8450f0ea6b87e298af1531da4485a9fd.jpg',
      { apiKey: null }
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 4)]).toEqual([
      0x89, 0x50, 0x4e, 0x47
    ]);
  });
});
