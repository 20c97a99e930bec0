import { exports } from 'cloudflare:workers';
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';

const simOrigin = inject('simOrigin');
const api = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`https://app.example${path}`, init));

describe('GET /api/health', () => {
  it('answers through Hono and shows that the app reaches the simulator', async () => {
    const response = await api('/api/health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      bungie: { reachable: boolean; manifestVersion: string; baseUrl: string };
    };
    expect(body.status).toBe('ok');
    expect(body.bungie.reachable).toBe(true);
    expect(body.bungie.baseUrl).toBe(simOrigin);
    expect(body.bungie.manifestVersion).toMatch(/^\d+\.\d{2}\.\d{2}\.\d{2}\.\d{4}-\d+-bnet\.\d+/);
  });

  it('reports Bungie maintenance as degraded with a message a player understands', async () => {
    await fetch(`${simOrigin}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ maintenance: true })
    });
    try {
      const response = await api('/api/health');
      expect(response.status).toBe(503);
      const body = (await response.json()) as {
        status: string;
        bungie: { error: { code: string; message: string } };
      };
      expect(body.status).toBe('degraded');
      expect(body.bungie.error).toEqual({
        status: 503,
        code: 'bungie_maintenance',
        message: 'Bungie.net is down for maintenance.'
      });
    } finally {
      await fetch(`${simOrigin}/__sim/faults`, {
        method: 'POST',
        body: JSON.stringify({ maintenance: false })
      });
    }
  });
});

describe('API error contract', () => {
  it('answers unknown routes with a JSON 404, never an HTML page', async () => {
    const response = await api('/api/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No API route GET /api/nope' }
    });
  });

  it('refuses a POST with a foreign or missing Origin', async () => {
    for (const headers of [{}, { Origin: 'https://evil.example' }] as Record<string, string>[]) {
      const response = await api('/api/health', { method: 'POST', headers });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'forbidden_origin'
      );
    }
  });

  it('sends security headers on every answer', async () => {
    const response = await api('/api/nope');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});
