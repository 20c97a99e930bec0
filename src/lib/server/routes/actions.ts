import { equipItem, pullFromPostmaster, setItemLockState, transferItem } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ActionResponse } from '../../shared/api-shapes';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { int64Id, parseInput, readJsonBody } from '../validate';

// Stacks have no instance id: Bungie takes "0" and finds them by hash.
const itemId = v.union([int64Id, v.literal('0')]);
const itemHash = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4294967295));
const stackSize = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9999));

const transferBody = v.strictObject({ itemId, itemHash, stackSize, characterId: int64Id, toVault: v.boolean() });
const equipBody = v.strictObject({ itemId: int64Id, characterId: int64Id });
const pullBody = v.strictObject({ itemId, itemHash, stackSize, characterId: int64Id });
const lockBody = v.strictObject({ itemId: int64Id, characterId: int64Id, locked: v.boolean() });

const DONE: ActionResponse = { ok: true };

/**
 * `POST /api/actions/transfer|equip|pull|lock`: one Bungie item action each, on the session's chosen
 * membership (a request cannot name another). The game's refusals answer 409 in plain words.
 */
export function actionRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());

  app.post('/transfer', async (c) => {
    const body = parseInput(transferBody, await readJsonBody(c.req.raw, 1024), 'body');
    const player = c.get('player');
    const { membershipType } = player.record().membership;
    await transferItem(player.bungie(), { itemReferenceHash: body.itemHash, stackSize: body.stackSize, transferToVault: body.toVault, itemId: body.itemId, characterId: body.characterId, membershipType: membershipType as never });
    return c.json(DONE);
  });

  app.post('/equip', async (c) => {
    const body = parseInput(equipBody, await readJsonBody(c.req.raw, 1024), 'body');
    const player = c.get('player');
    await equipItem(player.bungie(), { itemId: body.itemId, characterId: body.characterId, membershipType: player.record().membership.membershipType as never });
    return c.json(DONE);
  });

  app.post('/pull', async (c) => {
    const body = parseInput(pullBody, await readJsonBody(c.req.raw, 1024), 'body');
    const player = c.get('player');
    await pullFromPostmaster(player.bungie(), { itemReferenceHash: body.itemHash, stackSize: body.stackSize, itemId: body.itemId, characterId: body.characterId, membershipType: player.record().membership.membershipType as never });
    return c.json(DONE);
  });

  app.post('/lock', async (c) => {
    const body = parseInput(lockBody, await readJsonBody(c.req.raw, 1024), 'body');
    const player = c.get('player');
    await setItemLockState(player.bungie(), { state: body.locked, itemId: body.itemId, characterId: body.characterId, membershipType: player.record().membership.membershipType as never });
    return c.json(DONE);
  });
  return app;
}
