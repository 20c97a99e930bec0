import { Hono } from 'hono';
import { INDEX_KEY, PUBLIC_SHARD_KEY, SHARD_PREFIX } from '../../domain/shards/shard-index.ts';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';

const noShardsYet = () =>
  new ApiError(
    503,
    'no_shards',
    'Item definitions have not been published yet. Try again in a few minutes.'
  );

/**
 * `/api/shards`: the published definition shards from R2. The index must be revalidated each time
 * (its ETag makes that a 304 when nothing changed); a shard never changes under its key, so it is
 * cached for a year.
 */
export function shardRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/index', async (c) => {
    const ifNoneMatch = c.req.header('If-None-Match');
    const object = await c.env.SHARDS.get(
      INDEX_KEY,
      ifNoneMatch
        ? { onlyIf: { etagDoesNotMatch: ifNoneMatch.replace(/^W\//, '').replace(/"/g, '') } }
        : undefined
    );
    if (!object) throw noShardsYet();
    const headers = { ETag: object.httpEtag, 'Cache-Control': 'no-cache' };
    // R2 answers a failed precondition with the object's metadata and no body.
    if (!('body' in object) || !object.body) return c.body(null, 304, headers);
    return c.body(object.body as unknown as ReadableStream, 200, {
      ...headers,
      'Content-Type': 'application/json'
    });
  });

  app.get('/:key', async (c) => {
    const key = c.req.param('key');
    if (!PUBLIC_SHARD_KEY.test(key))
      throw new ApiError(400, 'invalid_input', 'That is not a shard key.');
    const object = await c.env.SHARDS.get(`${SHARD_PREFIX}${key}`);
    if (!object)
      throw new ApiError(
        404,
        'shard_not_found',
        'No such shard: it may belong to a version no longer kept. Re-read the index.'
      );
    return c.body(object.body as unknown as ReadableStream, 200, {
      'Content-Type': 'application/json',
      ETag: object.httpEtag,
      'Cache-Control': 'public, max-age=31536000, immutable'
    });
  });
  return app;
}
