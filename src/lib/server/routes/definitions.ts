import { Hono } from 'hono';
import * as v from 'valibot';
import { MAX_DEFINITION_HASHES, type DefinitionsResponse } from '../../shared/api-shapes';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { publishedItems } from '../../published/published-items.ts';
import { parseInput, readJsonBody } from '../validate';

const definitionsBody = v.strictObject({
  hashes: v.pipe(
    v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4294967295))),
    v.minLength(1),
    v.maxLength(MAX_DEFINITION_HASHES)
  )
});

/**
 * `POST /api/definitions`: the slim definitions of the items a device names (its player's own), read
 * at the edge from the published bucket shards. A first visit paints the vault from this answer
 * (a few tens of KB) instead of waiting for every bucket's shard (about a megabyte); the shards
 * follow in the background for offline use. For signed-in players: a lookup can read dozens of
 * shards, which is no service to offer the whole internet.
 */
export function definitionRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  app.post('/', async (c) => {
    const { hashes } = parseInput(
      definitionsBody,
      await readJsonBody(c.req.raw, 12 * MAX_DEFINITION_HASHES + 64),
      'body'
    );
    const published = await publishedItems(c.env.SHARDS, hashes);
    if (!published)
      throw new ApiError(
        503,
        'no_shards',
        'Item definitions have not been published yet. Try again in a few minutes.'
      );
    const body: DefinitionsResponse = {
      version: published.version,
      items: Object.fromEntries(published.items)
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}
