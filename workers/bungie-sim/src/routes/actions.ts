import * as v from 'valibot';
import type { SimAccount } from '../account.ts';
import { okEnvelope, SimError } from '../errors.ts';
import { equipItem, pullFromPostmaster, setLockState, transferItem } from '../game-rules.ts';
import {
  clearLoadout,
  equipLoadout,
  snapshotLoadout,
  updateLoadoutIdentifiers
} from '../loadouts.ts';
import type { SimWorld } from '../world.ts';
import type { RouteModule, SimContext } from './context.ts';
import { requireBearer } from './platform-guard.ts';

// Bungie sends int64 ids as strings and accepts them as strings or numbers.
const int64 = v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.regex(/^\d{1,20}$/));
const uint32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4294967295));
const base = { membershipType: v.pipe(v.number(), v.integer()), characterId: int64 };

const transferBody = v.object({
  ...base,
  itemReferenceHash: uint32,
  stackSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
  transferToVault: v.optional(v.boolean(), false),
  itemId: v.optional(int64, '0')
});
const pullBody = v.object({
  ...base,
  itemReferenceHash: uint32,
  stackSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
  itemId: v.optional(int64, '0')
});
const equipBody = v.object({ ...base, itemId: int64 });
const equipManyBody = v.object({ ...base, itemIds: v.array(int64) });
const lockBody = v.object({ ...base, itemId: int64, state: v.boolean() });
const loadoutBody = v.object({ ...base, loadoutIndex: v.pipe(v.number(), v.integer()) });
const identifier = v.optional(v.nullable(uint32));
const loadoutUpdateBody = v.object({
  ...base,
  loadoutIndex: v.pipe(v.number(), v.integer()),
  nameHash: identifier,
  iconHash: identifier,
  colorHash: identifier
});

/** Bungie's 1 s minimum between two Loadouts actions of one player; faster ones are throttled. */
const LOADOUT_ACTION_SPACING_MS = 1000;

async function readBody<T extends v.GenericSchema>(
  c: SimContext,
  schema: T
): Promise<v.InferOutput<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new SimError(18);
  }
  const parsed = v.safeParse(schema, raw);
  if (!parsed.success) throw new SimError(18);
  return parsed.output;
}

/** The signed-in player must own the account the action names. */
function ownAccount(world: SimWorld, c: SimContext, membershipType: number): SimAccount {
  const { account } = world;
  if (c.get('bungieNetId') !== account.memberships.bungieNetUser.membershipId)
    throw new SimError(1601);
  if (membershipType !== account.membershipType) throw new SimError(18);
  return account;
}

/** Bungie's 0.1 s minimum between two actions of one player; faster ones are throttled. */
function paceAction(world: SimWorld, c: SimContext): void {
  const player = c.get('bungieNetId') ?? '';
  const now = world.now();
  const last = world.lastActionAt.get(player);
  world.lastActionAt.set(player, now);
  if (last !== undefined && now - last < world.options.actionSpacingMs)
    throw new SimError(1672, { throttleSeconds: 1 });
}

function paceLoadoutAction(world: SimWorld, c: SimContext): void {
  const player = c.get('bungieNetId') ?? '';
  const now = world.now();
  const last = world.lastLoadoutActionAt.get(player);
  world.lastLoadoutActionAt.set(player, now);
  if (last !== undefined && now - last < LOADOUT_ACTION_SPACING_MS)
    throw new SimError(1672, { throttleSeconds: 1 });
}

function logged(world: SimWorld, action: string, request: unknown, run: () => void): void {
  const entry = { at: new Date(world.now()).toISOString(), action, request, errorCode: 1 };
  world.actionLog.push(entry);
  try {
    run();
  } catch (error) {
    entry.errorCode = error instanceof SimError ? error.code : 3;
    throw error;
  }
}

export const actionRoutes: RouteModule = (app, world) => {
  const auth = requireBearer(world);
  app.post('/Platform/Destiny2/Actions/Items/TransferItem', auth, async (c) => {
    const body = await readBody(c, transferBody);
    const account = ownAccount(world, c, body.membershipType);
    paceAction(world, c);
    logged(world, 'TransferItem', body, () => transferItem(account, world.dataset, body));
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Items/PullFromPostmaster', auth, async (c) => {
    const body = await readBody(c, pullBody);
    const account = ownAccount(world, c, body.membershipType);
    paceAction(world, c);
    logged(world, 'PullFromPostmaster', body, () =>
      pullFromPostmaster(account, world.dataset, body)
    );
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Items/EquipItem', auth, async (c) => {
    const body = await readBody(c, equipBody);
    const account = ownAccount(world, c, body.membershipType);
    paceAction(world, c);
    const inActivity = world.inActivity.has(body.characterId);
    logged(world, 'EquipItem', body, () => equipItem(account, world.dataset, body, { inActivity }));
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Items/EquipItems', auth, async (c) => {
    const body = await readBody(c, equipManyBody);
    const account = ownAccount(world, c, body.membershipType);
    paceAction(world, c);
    const inActivity = world.inActivity.has(body.characterId);
    // Each item succeeds or fails on its own; the call itself succeeds.
    const equipResults = body.itemIds.map((itemInstanceId) => {
      let equipStatus = 1;
      try {
        logged(world, 'EquipItems', { ...body, itemIds: [itemInstanceId] }, () =>
          equipItem(
            account,
            world.dataset,
            { itemId: itemInstanceId, characterId: body.characterId },
            { inActivity }
          )
        );
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        equipStatus = error.code;
      }
      return { itemInstanceId, equipStatus };
    });
    return c.json(okEnvelope({ equipResults }));
  });

  // In-game loadouts: equip one (from orbit or a social space), save the equipped set into a slot,
  // rename or recolour it, or clear it.
  app.post('/Platform/Destiny2/Actions/Loadouts/EquipLoadout', auth, async (c) => {
    const body = await readBody(c, loadoutBody);
    const account = ownAccount(world, c, body.membershipType);
    paceLoadoutAction(world, c);
    const inActivity = world.inActivity.has(body.characterId);
    logged(world, 'EquipLoadout', body, () =>
      equipLoadout(account, world.dataset, body, { inActivity })
    );
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Loadouts/SnapshotLoadout', auth, async (c) => {
    const body = await readBody(c, loadoutUpdateBody);
    const account = ownAccount(world, c, body.membershipType);
    paceLoadoutAction(world, c);
    logged(world, 'SnapshotLoadout', body, () => snapshotLoadout(account, body));
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Loadouts/UpdateLoadoutIdentifiers', auth, async (c) => {
    const body = await readBody(c, loadoutUpdateBody);
    const account = ownAccount(world, c, body.membershipType);
    paceLoadoutAction(world, c);
    logged(world, 'UpdateLoadoutIdentifiers', body, () => updateLoadoutIdentifiers(account, body));
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Loadouts/ClearLoadout', auth, async (c) => {
    const body = await readBody(c, loadoutBody);
    const account = ownAccount(world, c, body.membershipType);
    paceLoadoutAction(world, c);
    logged(world, 'ClearLoadout', body, () => clearLoadout(account, body));
    return c.json(okEnvelope(0));
  });

  app.post('/Platform/Destiny2/Actions/Items/SetLockState', auth, async (c) => {
    const body = await readBody(c, lockBody);
    const account = ownAccount(world, c, body.membershipType);
    paceAction(world, c);
    logged(world, 'SetLockState', body, () => setLockState(account, body));
    return c.json(okEnvelope(0));
  });
};
