import { Hono } from 'hono';
import * as v from 'valibot';
import { MAX_BATCH_BYTES } from '../../domain/player-data/limits.ts';
import { batchSchema, cursorSchema } from '../../domain/player-data/update-schema.ts';
import type { PlayerDataBatchResponse } from '../../domain/player-data/shapes.ts';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { playerDataOf } from '../player-data/player-data-object';
import { parseInput, readJsonBody } from '../validate';

const changesQuery = v.strictObject({ since: v.optional(cursorSchema) });

/**
 * `/api/player-data`: the signed-in player's tags, notes, loadouts and searches, kept for their
 * chosen Destiny membership only (the session decides which; a request cannot name another).
 * `GET ?since=<cursor>` answers what changed after the cursor, removals included; `POST` applies
 * a batch of updates, each answered with its own result. A batch that breaks a rule is refused
 * whole (400) and changes nothing.
 */
export function playerDataRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  const objectFor = (c: {
    env: AppEnv['Bindings'];
    get(key: 'player'): AppEnv['Variables']['player'];
  }) => playerDataOf(c.env.PLAYER_DATA, c.get('player').record().membership.membershipId);

  app.get('/', async (c) => {
    const { since } = parseInput(changesQuery, c.req.query(), 'query');
    return c.json(await objectFor(c).changes(since === undefined ? undefined : Number(since)));
  });

  app.post('/', async (c) => {
    const { updates } = parseInput(
      batchSchema,
      await readJsonBody(c.req.raw, MAX_BATCH_BYTES),
      'body'
    );
    const body: PlayerDataBatchResponse = { results: await objectFor(c).apply(updates) };
    return c.json(body);
  });
  return app;
}
