import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminToken, appUrl, publisherUrl, simUrl } from './browser.ts';

const index = async () =>
  (await (await fetch(`${appUrl}/api/shards/index`)).json()) as {
    version: string;
    buckets: { key: string }[];
  };

test('under wrangler dev, a manifest bump reaches the app after one publisher run', async () => {
  const before = await index();
  await fetch(`${simUrl}/__sim/manifest/bump`, { method: 'POST', body: '{}' });
  const run = await fetch(`${publisherUrl}/run`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` }
  });
  assert.equal(run.status, 200);
  const after = await index();
  assert.notEqual(after.version, before.version);
  assert.match(after.version, /-sim\d+$/);
  const shard = await fetch(
    `${appUrl}/api/shards/${after.buckets[0]!.key.replace('shards/v1/', '')}`
  );
  assert.equal(shard.status, 200);
  assert.equal(shard.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});
