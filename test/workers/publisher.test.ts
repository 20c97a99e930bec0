// Over 200 lines: the publisher's runs (first, unchanged, changed, failed, notified) share the simulator's manifest setup.
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext
} from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { patchedItems, type BucketPatch } from '../../src/lib/domain/shards/bucket-patch';
import {
  shardKeysOf,
  type BucketShard,
  type ShardIndex
} from '../../src/lib/domain/shards/shard-index';
import publisher from '../../workers/shard-publisher/src/index';
import { createManifestSource } from '../../workers/shard-publisher/src/manifest-source';
import { runCheck } from '../../workers/shard-publisher/src/publish';
import { createR2ShardStore, type ShardStore } from '../../workers/shard-publisher/src/shard-store';
import { api, sim, simOrigin } from './helpers';

async function clearR2() {
  for (;;) {
    const page = await env.SHARDS.list();
    if (page.objects.length === 0) return;
    await env.SHARDS.delete(page.objects.map((o) => o.key));
  }
}
const allKeys = async () =>
  (await env.SHARDS.list({ limit: 1000 })).objects.map((o) => o.key).sort();
const currentIndex = async () =>
  (await (await env.SHARDS.get('shards/v1/index.json'))!.json()) as ShardIndex;
const admin = (path: string, init: RequestInit = {}) =>
  publisher.fetch(
    new Request(`https://publisher.example${path}`, init) as never,
    env,
    createExecutionContext()
  );
const run = () =>
  admin('/run', { method: 'POST', headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
/** A publisher run called directly, against the simulator, with a test's own network or store. */
const runWith = ({
  fetch: send = (input, init) => fetch(input, init),
  store = createR2ShardStore(env.SHARDS)
}: {
  fetch?: typeof fetch;
  store?: ShardStore;
}) =>
  runCheck({
    source: createManifestSource({ fetch: send, baseUrl: simOrigin, apiKey: env.BUNGIE_API_KEY }),
    store,
    digest: async (t) => t.length.toString(16).padStart(16, '0'),
    now: Date.now
  });

beforeEach(async () => {
  await sim('/__sim/reset', {});
  await clearR2();
});

describe('the shard publisher, in workerd against the simulator', () => {
  it('publishes the real item table, then serves it through the app', async () => {
    const response = await run();
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      outcome: string;
      itemCount: number;
      shardsWritten: number;
      version: string;
    };
    expect(summary.outcome).toBe('published');
    expect(summary.itemCount).toBeGreaterThan(29_000);
    const index = await currentIndex();
    expect(index.version).toBe(summary.version);
    expect(summary.shardsWritten).toBe(shardKeysOf(index).length);
    expect(index.buckets.find((b) => b.bucketHash === 138197802)).toBeUndefined(); // the vault holds no definitions of its own
    expect(index.buckets.find((b) => b.bucketHash === 1498876634)).toMatchObject({
      name: 'Kinetic Weapons',
      capacity: 10,
      category: 3
    });

    const served = await api('/api/shards/index');
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-control')).toBe('no-cache');
    const etag = served.headers.get('etag')!;
    expect(((await served.json()) as ShardIndex).version).toBe(index.version);
    const revalidated = await api('/api/shards/index', { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);

    const kinetic = index.buckets.find((b) => b.bucketHash === 1498876634)!;
    const shard = await api(`/api/shards/${kinetic.key.replace('shards/v1/', '')}`);
    expect(shard.status).toBe(200);
    expect(shard.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = (await shard.json()) as { items: Record<string, { name: string }> };
    expect(Object.keys(body.items)).toHaveLength(kinetic.count);
    expect(body.items['3856705927']?.name).toBe('Hawkmoon');

    // In-game loadouts' names, icons and colours, as one small table (the simulator's stand-ins).
    const identifiers = index.tables.find((t) => t.name === 'loadoutIdentifiers')!;
    const table = (await (
      await api(`/api/shards/${identifiers.key.replace('shards/v1/', '')}`)
    ).json()) as {
      loadoutIdentifiers: { names: Record<string, string>; icons: Record<string, string> };
    };
    expect(Object.values(table.loadoutIdentifiers.names)).toContain('Simulated name 1');
    expect(Object.keys(table.loadoutIdentifiers.icons)).toHaveLength(12);
  });

  it('stops after one manifest request when nothing changed', async () => {
    await run();
    const keys = await allKeys();
    const response = await run();
    expect(((await response.json()) as { outcome: string }).outcome).toBe('unchanged');
    expect(await allKeys()).toEqual(keys);

    // The same check with its requests counted: the manifest, and nothing of the tables.
    const requested: string[] = [];
    const summary = await runWith({
      fetch: (input, init) => {
        requested.push(new Request(input, init).url);
        return fetch(input, init);
      }
    });
    expect(summary.outcome).toBe('unchanged');
    expect(requested).toEqual([`${simOrigin}/Platform/Destiny2/Manifest/`]);
    expect(await allKeys()).toEqual(keys);
  });

  it('after a manifest bump rewrites only the shards that changed, and says so on the webhook', async () => {
    await run();
    const before = await currentIndex();
    await sim('/__sim/manifest/bump', {});
    const summary = (await (await run()).json()) as {
      outcome: string;
      shardsWritten: number;
      shardsReused: number;
      version: string;
    };
    expect(summary.outcome).toBe('published');
    const after = await currentIndex();
    expect(after.version).not.toBe(before.version);
    expect(summary.shardsWritten).toBeGreaterThan(0);
    expect(summary.shardsReused).toBeGreaterThan(summary.shardsWritten);
    const changed = shardKeysOf(after).filter((key) => !shardKeysOf(before).includes(key));
    expect(changed.length).toBe(summary.shardsWritten);
    // Renamed items go out as patches over the bases devices already hold: no base is rewritten,
    // and the item sheet's gear and plugs (which hold no item names) stay as they were.
    expect(changed.every((key) => after.buckets.some((b) => b.patch?.key === key))).toBe(true);
    expect(after.buckets.every((b) => before.buckets.some((p) => p.key === b.key))).toBe(true);
    // A device reading a bucket's base and patch through the app holds the renamed items.
    const patched = after.buckets.find((b) => b.patch)!;
    const read = async <T>(key: string) =>
      (await (await api(`/api/shards/${key.replace('shards/v1/', '')}`)).json()) as T;
    const items = patchedItems(
      (await read<BucketShard>(patched.key)).items,
      await read<BucketPatch>(patched.patch!.key)
    );
    expect(Object.keys(items)).toHaveLength(patched.count);
    expect(Object.values(items).some((item) => item.name.endsWith('(Revision 1)'))).toBe(true);
    const messages = (await (await sim('/__sim/webhook')).json()) as { text: string }[];
    expect(messages.at(-1)!.text).toContain(`→ ${after.version}`);
    expect(messages.at(-1)!.text).toContain(`${summary.shardsWritten} shards rewritten`);
  });

  it.each([
    ['Bungie is down for maintenance', { maintenance: true }],
    ['the item table download is cut short', { truncateTables: true }]
  ])(
    'leaves the previous index live when %s, and recovers on the next run',
    async (_name, faults) => {
      await run();
      const before = await currentIndex();
      await sim('/__sim/manifest/bump', {});
      await sim('/__sim/faults', faults);
      const failed = await run();
      expect(failed.status).toBe(502);
      expect(((await failed.json()) as { outcome: string }).outcome).toBe('failed');
      expect(await currentIndex()).toEqual(before);
      await sim('/__sim/faults', { maintenance: false, truncateTables: false });
      expect(((await (await run()).json()) as { outcome: string }).outcome).toBe('published');
      expect((await currentIndex()).version).not.toBe(before.version);
    }
  );

  it('leaves the previous index live when R2 fails mid-publish', async () => {
    await run();
    const before = await currentIndex();
    await sim('/__sim/manifest/bump', {});
    const real = createR2ShardStore(env.SHARDS);
    let puts = 0;
    const failing: ShardStore = {
      ...real,
      put: async (key, body) => {
        if (++puts > 1) throw new Error('R2: internal error');
        await real.put(key, body);
      }
    };
    const summary = await runWith({ store: failing });
    expect(summary).toMatchObject({ outcome: 'failed', error: 'R2: internal error' });
    expect(await currentIndex()).toEqual(before);
  });

  it('keeps the last three versions and deletes shards no kept version uses', async () => {
    const publishBump = async () => {
      await sim('/__sim/manifest/bump', {});
      expect(((await (await run()).json()) as { outcome: string }).outcome).toBe('published');
    };
    await run();
    const first = await currentIndex();
    await publishBump();
    // The first bump's patches: the next ones are cumulative, so no later version names these.
    const second = await currentIndex();
    for (let i = 0; i < 3; i++) await publishBump();
    const keys = await allKeys();
    const versioned = keys.filter((k) => k.startsWith('shards/v1/indexes/'));
    expect(versioned).toHaveLength(3);
    const kept = await Promise.all(
      versioned.map(async (k) => (await (await env.SHARDS.get(k))!.json()) as ShardIndex)
    );
    expect(kept.map((i) => i.version)).not.toContain(first.version);
    const referenced = new Set(kept.flatMap(shardKeysOf));
    const shards = keys.filter(
      (k) =>
        k.startsWith('shards/v1/') &&
        !k.startsWith('shards/v1/indexes/') &&
        k !== 'shards/v1/index.json'
    );
    expect(shards.sort()).toEqual([...referenced].sort());
    const onlyInSecond = shardKeysOf(second).filter((k) => !referenced.has(k));
    expect(onlyInSecond.length).toBeGreaterThan(0);
    for (const key of onlyInSecond) expect(await env.SHARDS.head(key)).toBeNull();
  });

  it('guards /run with the admin token and reports /status', async () => {
    expect((await admin('/run', { method: 'POST' })).status).toBe(401);
    expect(
      (await admin('/run', { method: 'POST', headers: { Authorization: 'Bearer wrong' } })).status
    ).toBe(401);
    expect(await allKeys()).toEqual([]);
    await run();
    const status = (await (await admin('/status')).json()) as {
      current: { version: string };
      lastRun: { outcome: string };
    };
    expect(status.current.version).toBe((await currentIndex()).version);
    expect(status.lastRun.outcome).toBe('published');
  });

  it('runs on its cron schedule', async () => {
    const ctx = createExecutionContext();
    publisher.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }) as never,
      env,
      ctx
    );
    await waitOnExecutionContext(ctx);
    expect((await currentIndex()).itemCount).toBeGreaterThan(29_000);
    const status = (await (await admin('/status')).json()) as { lastRun: { outcome: string } };
    expect(status.lastRun.outcome).toBe('published');
  });
});

describe('GET /api/shards', () => {
  it('answers 503 before anything is published, 400 for a bad key, 404 for an unknown one', async () => {
    expect((await api('/api/shards/index')).status).toBe(503);
    expect((await api('/api/shards/..%2Findex.json')).status).toBe(400);
    expect((await api('/api/shards/kinetic-weapons-1498876634-0123456789abcdef.json')).status).toBe(
      404
    );
  });
});
