import * as v from 'valibot';
import type { SimErrorCode } from '../errors.ts';
import { noFaults, type SimWorld } from '../world.ts';
import type { RouteModule, SimContext } from './context.ts';

const errorCodes = [
  3, 5, 18, 36, 99, 1601, 1620, 1623, 1627, 1640, 1641, 1642, 1656, 1660, 1663, 1671, 1672, 2101,
  2102, 2111
] as const satisfies readonly SimErrorCode[];

const faultsBody = v.strictObject({
  errorRate: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  latencyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))),
  throttle: v.optional(
    v.union([v.boolean(), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600))])
  ),
  // `true` is Bungie's usual shape, the envelope.
  maintenance: v.optional(v.union([v.boolean(), v.picklist(['envelope', 'oauth', 'html'])])),
  truncateJson: v.optional(v.boolean()),
  failNext: v.optional(
    v.nullable(
      v.strictObject({
        code: v.picklist(errorCodes),
        throttleSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)))
      })
    )
  ),
  truncateTables: v.optional(v.boolean())
});

const resetBody = v.strictObject({
  dataset: v.optional(v.picklist(['real', 'generated'])),
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  itemCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(1_000_000))),
  vaultFill: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  carried: v.optional(v.picklist(['some', 'full'])),
  accessTokenSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  refreshTokenSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  redirectUrl: v.optional(v.pipe(v.string(), v.url())),
  actionSpacingMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  inGameLoadouts: v.optional(v.picklist(['empty', 'generated']))
});

const configBody = v.strictObject({
  xur: v.optional(v.boolean()),
  xurWeek: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(520))),
  inActivity: v.optional(v.array(v.string()))
});

async function body<T extends v.GenericSchema>(c: SimContext, schema: T) {
  const raw: unknown = await c.req.json().catch(() => ({}));
  return v.safeParse(schema, raw);
}

const issues = (result: { issues?: v.BaseIssue<unknown>[] }) =>
  (result.issues ?? []).map((i) => `${v.getDotPath(i) ?? 'body'}: ${i.message}`).join('; ');

/** Where every item is and what happened, for tests to assert against. */
export function describeState(world: SimWorld) {
  const { account } = world;
  return {
    dataset: world.dataset.name,
    manifest: {
      version: world.version(),
      revision: world.revision,
      itemTable: world.itemTableName()
    },
    faults: world.faults,
    xur: world.xurPresent,
    inActivity: [...world.inActivity],
    oauth: world.oauth.stats(),
    membership: {
      membershipType: account.membershipType,
      membershipId: account.membershipId,
      bungieNetId: account.memberships.bungieNetUser.membershipId
    },
    characters: account.characters.map((c) => ({
      characterId: c.characterId,
      classType: c.classType,
      light: c.light
    })),
    items: account.items.map((i) => ({
      itemId: i.component.itemInstanceId ?? null,
      itemHash: i.component.itemHash,
      owner: i.owner.kind === 'character' ? i.owner.characterId : i.owner.kind,
      bucketHash: i.component.bucketHash,
      location: i.component.location,
      equipped: i.equipped,
      ...(world.dataset.itemRules(i.component.itemHash)?.set
        ? { armorSet: world.dataset.itemRules(i.component.itemHash)!.set }
        : {}),
      quantity: i.component.quantity,
      state: i.component.state,
      transferStatus: i.component.transferStatus
    })),
    actions: world.actionLog,
    /** Each character's in-game loadout slots, by character id. */
    inGameLoadouts: account.loadouts
  };
}

export const controlRoutes: RouteModule = (app, world) => {
  app.get('/__sim/state', (c) => c.json(describeState(world)));

  app.post('/__sim/reset', async (c) => {
    const parsed = await body(c, resetBody);
    if (!parsed.success) return c.json({ error: issues(parsed) }, 400);
    const { dataset, seed, itemCount, vaultFill, carried, ...rest } = parsed.output;
    const generated = {
      ...world.options.generated,
      ...(seed !== undefined && { seed }),
      ...(itemCount !== undefined && { itemCount }),
      ...(vaultFill !== undefined && { vaultFill }),
      ...(carried !== undefined && { carried })
    };
    // The slots' seeding is asked for each reset; left out, the dataset's own default applies.
    world.reset({
      ...rest,
      inGameLoadouts: rest.inGameLoadouts,
      ...(dataset && { dataset }),
      generated
    });
    return c.json({ ok: true, dataset: world.dataset.name, version: world.version() });
  });

  app.post('/__sim/faults', async (c) => {
    const parsed = await body(c, faultsBody);
    if (!parsed.success) return c.json({ error: issues(parsed) }, 400);
    // An empty body is "no faults": every fault clears, as a test's cleanup expects. Otherwise only
    // the named faults change, so a test can lift maintenance and keep its latency.
    if (Object.keys(parsed.output).length === 0) {
      world.faults = { ...noFaults };
      return c.json({ ok: true, faults: world.faults });
    }
    const { throttle, maintenance, ...rest } = parsed.output;
    Object.assign(world.faults, rest);
    if (maintenance !== undefined)
      world.faults.maintenance = maintenance === true ? 'envelope' : maintenance;
    if (throttle !== undefined)
      world.faults.throttle = throttle === true ? 1 : throttle === false ? 0 : throttle;
    return c.json({ ok: true, faults: world.faults });
  });

  app.post('/__sim/config', async (c) => {
    const parsed = await body(c, configBody);
    if (!parsed.success) return c.json({ error: issues(parsed) }, 400);
    if (parsed.output.xur !== undefined) world.xurPresent = parsed.output.xur;
    if (parsed.output.xurWeek !== undefined) world.xurWeek = parsed.output.xurWeek;
    if (parsed.output.inActivity) world.inActivity = new Set(parsed.output.inActivity);
    return c.json({ ok: true, xur: world.xurPresent, inActivity: [...world.inActivity] });
  });

  app.post('/__sim/tokens/revoke', (c) => {
    world.oauth.revokeAll();
    return c.json({ ok: true });
  });

  app.post('/__sim/tokens/expire', (c) => {
    world.oauth.expireAccessTokens();
    return c.json({ ok: true });
  });

  // A stand-in for a Slack-style incoming webhook, so notifications can be checked.
  app.post('/__sim/webhook', async (c) => {
    world.webhookMessages.push(await c.req.json().catch(() => null));
    return c.text('ok');
  });
  app.get('/__sim/webhook', (c) => c.json(world.webhookMessages));

  app.post('/__sim/manifest/bump', async (c) => {
    const parsed = await body(
      c,
      v.strictObject({
        changedItems: v.optional(
          v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))
        ),
        hostileNames: v.optional(v.boolean())
      })
    );
    if (!parsed.success) return c.json({ error: issues(parsed) }, 400);
    world.revision++;
    const { changedItems, hostileNames } = parsed.output;
    if (changedItems || hostileNames)
      world.revisionChanges.set(world.revision, { count: changedItems, hostile: hostileNames });
    return c.json({ ok: true, version: world.version(), itemTable: world.itemTableName() });
  });
};
