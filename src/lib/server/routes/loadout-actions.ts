import {
  clearLoadout,
  equipLoadout,
  snapshotLoadout,
  updateLoadoutIdentifiers
} from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { int64Id, parseInput, readJsonBody } from '../validate';
import { DONE, membershipId, ownMembership } from './actions';

/** A slot's place; Bungie gives a character a handful (10 today), never near this many. */
const loadoutIndex = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99));
const identifier = v.optional(
  v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4294967295))
);

const slotBody = v.strictObject({ characterId: int64Id, loadoutIndex, membershipId });
const identifiersBody = v.strictObject({
  characterId: int64Id,
  loadoutIndex,
  nameHash: identifier,
  iconHash: identifier,
  colorHash: identifier,
  membershipId
});

/**
 * `POST /api/actions/loadouts/equip|snapshot|identifiers|clear`: Bungie's in-game loadout actions
 * on the session's membership. Equip needs the items on the character already (the device moves
 * them there first) and the character in orbit; the game's refusals answer 409 in plain words. An
 * equip within Bungie's one-a-second pacing answers 429 with Retry-After.
 */
export function loadoutActionRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());

  app.post('/equip', async (c) => {
    const body = parseInput(slotBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await equipLoadout(player.bungie('action'), {
      characterId: body.characterId,
      loadoutIndex: body.loadoutIndex,
      membershipType
    });
    return c.json(DONE);
  });

  // Saving, renaming and clearing a slot are the player's own taps, online, never queued: the edge
  // waits out Bungie's one-a-second pacing for them (the device's runner, which needs an action's
  // time in flight bounded, sends only equips).
  app.post('/snapshot', async (c) => {
    const body = parseInput(identifiersBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await snapshotLoadout(player.bungie(), { ...identifiersOf(body), membershipType });
    return c.json(DONE);
  });

  app.post('/identifiers', async (c) => {
    const body = parseInput(identifiersBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await updateLoadoutIdentifiers(player.bungie(), {
      ...identifiersOf(body),
      membershipType
    });
    return c.json(DONE);
  });

  app.post('/clear', async (c) => {
    const body = parseInput(slotBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const { membershipType } = ownMembership(player, body.membershipId);
    await clearLoadout(player.bungie(), {
      characterId: body.characterId,
      loadoutIndex: body.loadoutIndex,
      membershipType
    });
    return c.json(DONE);
  });
  return app;
}

/** The slot and the identifiers asked for; one left out keeps the slot's own. */
function identifiersOf(body: v.InferOutput<typeof identifiersBody>) {
  return {
    characterId: body.characterId,
    loadoutIndex: body.loadoutIndex,
    ...(body.nameHash !== undefined && { nameHash: body.nameHash }),
    ...(body.iconHash !== undefined && { iconHash: body.iconHash }),
    ...(body.colorHash !== undefined && { colorHash: body.colorHash })
  };
}
