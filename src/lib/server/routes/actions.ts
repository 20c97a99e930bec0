import {
  equipItem,
  equipItems,
  pullFromPostmaster,
  setItemLockState,
  transferItem
} from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ActionResponse, EquipItemsResponse } from '../../shared/api-shapes';
import { describeItemRefusal } from '../describe-failure';
import type { PlayerSession } from '../auth/player-session';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { int64Id, parseInput, readJsonBody } from '../validate';

// Stacks have no instance id: Bungie takes "0" and finds them by hash.
const itemId = v.union([int64Id, v.literal('0')]);
const itemHash = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4294967295));
const stackSize = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9999));

// The account the device made the move for; when given, it must be the session's own.
export const membershipId = v.optional(int64Id);

const transferBody = v.strictObject({
  itemId,
  itemHash,
  stackSize,
  characterId: int64Id,
  toVault: v.boolean(),
  membershipId
});
const equipBody = v.strictObject({ itemId: int64Id, characterId: int64Id, membershipId });
/** Bungie's EquipItems takes a character's whole set at once: at most one item per slot. */
const MAX_EQUIP_ITEMS = 20;
const equipItemsBody = v.strictObject({
  itemIds: v.pipe(v.array(int64Id), v.minLength(1), v.maxLength(MAX_EQUIP_ITEMS)),
  characterId: int64Id,
  membershipId
});
const pullBody = v.strictObject({
  itemId,
  itemHash,
  stackSize,
  characterId: int64Id,
  membershipId
});
const lockBody = v.strictObject({
  itemId: int64Id,
  characterId: int64Id,
  locked: v.boolean(),
  membershipId
});

/**
 * The session's membership, refusing a move made for another: a device can hold moves queued under
 * an earlier sign-in, and they must never be carried out on whoever is signed in now.
 */
export function ownMembership(player: PlayerSession, requested: string | undefined) {
  const { membership } = player.record();
  if (requested !== undefined && requested !== membership.membershipId) {
    throw new ApiError(
      403,
      'not_your_membership',
      'This move was made for another Destiny account; sign in with that account to carry it out.'
    );
  }
  return membership;
}

export const DONE: ActionResponse = { ok: true };

/**
 * `POST /api/actions/transfer|equip|equip-items|pull|lock`: one Bungie item action each, on the session's chosen
 * membership (a request naming another is refused 403). The game's refusals answer 409 in plain words.
 */
export function actionRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());

  app.post('/transfer', async (c) => {
    const body = parseInput(transferBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await transferItem(player.bungie('action'), {
      itemReferenceHash: body.itemHash,
      stackSize: body.stackSize,
      transferToVault: body.toVault,
      itemId: body.itemId,
      characterId: body.characterId,
      membershipType
    });
    return c.json(DONE);
  });

  app.post('/equip', async (c) => {
    const body = parseInput(equipBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await equipItem(player.bungie('action'), {
      itemId: body.itemId,
      characterId: body.characterId,
      membershipType
    });
    return c.json(DONE);
  });

  // Several items equipped in one call; the call succeeds while each item may not, with its reason.
  app.post('/equip-items', async (c) => {
    const body = parseInput(equipItemsBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    const answer = await equipItems(player.bungie('action'), {
      itemIds: body.itemIds,
      characterId: body.characterId,
      membershipType
    });
    const results: EquipItemsResponse['results'] = (answer.Response?.equipResults ?? []).map(
      (result) =>
        result.equipStatus === 1
          ? { itemId: result.itemInstanceId, ok: true }
          : { itemId: result.itemInstanceId, ok: false, ...describeItemRefusal(result.equipStatus) }
    );
    return c.json({ results } satisfies EquipItemsResponse);
  });

  app.post('/pull', async (c) => {
    const body = parseInput(pullBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await pullFromPostmaster(player.bungie('action'), {
      itemReferenceHash: body.itemHash,
      stackSize: body.stackSize,
      itemId: body.itemId,
      characterId: body.characterId,
      membershipType
    });
    return c.json(DONE);
  });

  app.post('/lock', async (c) => {
    const body = parseInput(lockBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await setItemLockState(player.bungie('action'), {
      state: body.locked,
      itemId: body.itemId,
      characterId: body.characterId,
      membershipType
    });
    return c.json(DONE);
  });
  return app;
}
