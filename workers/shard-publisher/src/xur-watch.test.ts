import { describe, expect, it } from 'vitest';
import type { VendorStock } from '../../../src/lib/domain/inventory/model.ts';
import type { VisitRecord } from '../../../src/lib/domain/xur/arrival.ts';
import { watchXur, type XurChannel, type XurMessage, type XurWatchDeps } from './xur-watch.ts';

const stock: VendorStock = {
  present: true,
  nextRefreshDate: '2026-12-01T17:00:00Z',
  fetchedAt: '2026-11-28T18:00:00Z',
  items: [{ hash: 1, bucketHash: 0, costs: [{ hash: 1022552290, quantity: 97 }] }]
};

/** The watcher over an in-memory record with R2's conditional-write rule, and scripted channels. */
function world(channels: Record<string, (message: XurMessage) => boolean>) {
  let stored: { record: VisitRecord; etag: string } | undefined;
  let version = 0;
  const calls: string[] = [];
  const deps: XurWatchDeps = {
    stock: async () => stock,
    read: async () => stored,
    async write(record, etag) {
      if ((stored?.etag ?? undefined) !== etag) return false;
      stored = { record, etag: String(++version) };
      return stored.etag;
    },
    wordsOf: async () => (hash) => (hash === 1 ? { name: 'Hawkmoon' } : undefined),
    channels: Object.entries(channels).map(([name, works]): XurChannel => ({
      name,
      async send(message) {
        calls.push(name);
        if (!works(message)) throw new Error(`${name} refused`);
        return { delivered: 1 };
      }
    })),
    now: () => Date.parse('2026-11-28T18:00:00Z')
  };
  return { deps, calls, record: () => stored?.record };
}

describe('watchXur over several channels', () => {
  it('tells every channel once, with the stock in each shape and how long he stays', async () => {
    const seen: XurMessage[] = [];
    const { deps, calls, record } = world({
      webhook: (m) => (seen.push(m), true),
      push: () => true
    });
    expect(await watchXur(deps)).toEqual({
      outcome: 'announced',
      visit: '2026-12-01T17:00:00Z',
      channels: { webhook: { delivered: 1 }, push: { delivered: 1 } }
    });
    expect(await watchXur(deps)).toEqual({ outcome: 'known' });
    expect(calls).toEqual(['webhook', 'push']);
    expect(record()).toMatchObject({ state: 'announced', sent: ['webhook', 'push'] });
    expect(seen[0]!.text).toContain('• Hawkmoon: 97 Legendary Shards');
    expect(seen[0]!.notice.body).toBe('Hawkmoon: 97 Legendary Shards');
    expect(seen[0]!.secondsLeft).toBe(71 * 3600);
  });

  it('after a failure, tries again only the channels that did not carry the visit', async () => {
    let pushWorks = false;
    const { deps, calls, record } = world({ webhook: () => true, push: () => pushWorks });
    expect(await watchXur(deps)).toMatchObject({
      outcome: 'failed',
      channels: { webhook: { delivered: 1 }, push: { error: 'push refused' } }
    });
    expect(record()).toMatchObject({ state: 'failed', sent: ['webhook'] });
    pushWorks = true;
    expect(await watchXur(deps)).toEqual({
      outcome: 'announced',
      visit: '2026-12-01T17:00:00Z',
      channels: { push: { delivered: 1 } }
    });
    expect(calls).toEqual(['webhook', 'push', 'push']);
  });
});
