// Over 200 lines: one benchmark, whose device, loadout and three runs (batched, one by one, faults) share one setup.
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { VaultDatabase } from '$lib/client/db/database';
import { actionRequest } from '$lib/client/moves/http-actions';
import { drainOutbox, type RunnerDeps } from '$lib/client/moves/runner';
import { enqueueAll, readOutbox } from '$lib/client/outbox/repository';
import { PLACEMENT_PATH } from '$lib/shared/api-shapes';
import { BucketHashes } from '$lib/bungie/hashes';
import { applicationIntents, planLoadoutApply } from '$lib/domain/loadouts/apply-loadout';
import type { Loadout } from '$lib/domain/player-data/shapes';
import type { EquipItemsResponse, InventoryItem, ProfileResponse } from '$lib/shared/api-shapes';
import { signIn } from '../api-profile.ts';
import { callApp } from './app-call.ts';
import { syncedRules } from './device-rules.ts';

/**
 * A 10-item Hunter loadout spread over the vault, the Titan and the Warlock (weapons equipped and
 * carried elsewhere, armor in the vault), applied by the device's own runner (Dexie on
 * fake-indexeddb) through the app under wrangler dev against the simulator at 30 ms a call:
 *
 * - as the app does it (moves, then one EquipItems for the equips), against its ideal: the
 *   actions that run × (the mean time of one action call in that run + Bungie's 0.1 s spacing);
 * - the simplest alternative, each equip its own call, on the same loadout from the same start;
 * - the app's way again while the simulator fails 20% of calls: nothing lost, nothing twice.
 */
const appUrl = process.env.SOAK_APP_URL!;
const simUrl = process.env.SOAK_SIM_URL!;
const out = process.env.SOAK_OUT!;
const LATENCY_MS = 30;
const SPACING_MS = 100;
const HUNTER_ARMOR = [
  BucketHashes.Helmet,
  BucketHashes.Gauntlets,
  BucketHashes.ChestArmor,
  BucketHashes.LegArmor,
  BucketHashes.ClassArmor
];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const post = (path: string, body: unknown) =>
  fetch(`${simUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });

interface SimState {
  items: { itemId: string | null; owner: string; equipped: boolean }[];
  actions: { action: string; request: Record<string, unknown>; errorCode: number }[];
}
const simState = async () => (await (await fetch(`${simUrl}/__sim/state`)).json()) as SimState;

/** A successful Bungie action as a key: the same key twice is the same thing done twice. */
const actionKey = (a: SimState['actions'][number]) =>
  `${a.action} ${JSON.stringify({ ...a.request, itemIds: undefined })} ${JSON.stringify(a.request.itemIds ?? [])}`;

test('loadout apply', async () => {
  // A reset of the simulator ends its sessions: each run signs in again after its reset.
  let cookie = '';
  let calls = { actions: 0, succeeded: 0, actionMs: 0 };
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const began = Date.now();
    try {
      const answer = await callApp<T>(appUrl, cookie, path, body);
      if (body) calls.succeeded++;
      return answer;
    } finally {
      if (body) {
        calls.actions++;
        calls.actionMs += Date.now() - began;
      }
    }
  };

  // The device's definitions and buckets, synced from the app as the browser does.
  await post('/__sim/reset', { dataset: 'real' });
  cookie = await signIn({ appUrl, simUrl });
  const db = new VaultDatabase(`loadout-${Date.now()}`);
  const first = await call<ProfileResponse>('/api/profile');
  const { rules, definitions } = await syncedRules(db, appUrl, first);
  const classOf = (classType: number) =>
    first.characters.find((c) => c.classType === classType)!.characterId;
  const [titan, hunter, warlock] = [classOf(0), classOf(1), classOf(2)];

  // The loadout: weapons equipped on the Titan and carried by the Warlock, the rest from the vault.
  const legendary = (i: InventoryItem) =>
    i.instanced && i.transferable && definitions.get(i.hash)?.tier === 5;
  const taken = new Set<string>();
  const pick = (test: (i: InventoryItem) => boolean) => {
    const found = first.items.find((i) => legendary(i) && !taken.has(i.id) && test(i));
    if (!found) throw new Error('the real profile lacks an item the loadout needs');
    taken.add(found.id);
    return { id: found.id, hash: found.hash };
  };
  const at = (owner: string, bucketHash: number, equipped?: boolean) => (i: InventoryItem) =>
    i.owner === owner &&
    i.bucketHash === bucketHash &&
    (equipped === undefined || i.equipped === equipped);
  const loadout: Pick<Loadout, 'equipped' | 'unequipped'> = {
    equipped: [
      pick(at(titan, BucketHashes.KineticWeapons, true)),
      pick(at(warlock, BucketHashes.EnergyWeapons, false)),
      pick(at('vault', BucketHashes.PowerWeapons)),
      ...HUNTER_ARMOR.map((bucket) =>
        pick((i) => at('vault', bucket)(i) && definitions.get(i.hash)?.classType === 1)
      )
    ],
    unequipped: [
      pick(at(titan, BucketHashes.EnergyWeapons, false)),
      pick(at('vault', BucketHashes.KineticWeapons))
    ]
  };

  /** Resets the account, queues the application, and runs the device's runner until it is done. */
  async function apply(options: { batch: boolean; errorRate: number }) {
    await post('/__sim/reset', { dataset: 'real' });
    cookie = await signIn({ appUrl, simUrl });
    await db.outbox.clear();
    await db.meta.delete('placedItems');
    await post('/__sim/faults', { latencyMs: LATENCY_MS, errorRate: 0 });
    const start = await call<ProfileResponse>('/api/profile');
    const application = planLoadoutApply(loadout, hunter, start.items, rules(start));
    const tag = {
      applyId: `apply-${Date.now()}`,
      loadoutId: 'bench',
      name: 'Bench',
      itemCount: application.itemCount,
      itemIds: application.itemIds
    };
    await enqueueAll(
      db,
      applicationIntents(application.moves, tag, {
        id: (n) => `${tag.applyId}-${n}`,
        now: Date.now(),
        items: start.items
      })
    );
    const deps: RunnerDeps = {
      db,
      fetchProfile: () => call<ProfileResponse>(PLACEMENT_PATH),
      async perform(step) {
        const { path, body } = actionRequest(step);
        await call(path, body);
      },
      ...(options.batch && {
        performEquipBatch: async (characterId: string, itemIds: string[]) =>
          (
            await call<EquipItemsResponse>('/api/actions/equip-items', {
              itemIds,
              characterId
            })
          ).results
      }),
      rules,
      online: () => true
    };
    await post('/__sim/faults', { errorRate: options.errorRate });
    const logFrom = (await simState()).actions.length;
    calls = { actions: 0, succeeded: 0, actionMs: 0 };
    const began = Date.now();
    for (let n = 0; n < 500; n++) {
      const result = await drainOutbox(deps);
      if (result.waitUntil === undefined) break;
      await sleep(Math.max(0, result.waitUntil - Date.now()));
    }
    const ms = Date.now() - began;
    await post('/__sim/faults', { errorRate: 0, latencyMs: 0 });
    const state = await simState();
    const left = await readOutbox(db);
    const succeeded = state.actions.slice(logFrom).filter((a) => a.errorCode === 1);
    const keys = succeeded.map(actionKey);
    const owners = new Map(state.items.map((i) => [i.itemId, i]));
    return {
      items: application.itemCount,
      ms,
      // Calls Bungie carried out (an EquipItems of three items is one call).
      actionCalls: calls.succeeded,
      callsMade: calls.actions,
      meanActionMs: Math.round(calls.actionMs / Math.max(1, calls.actions)),
      appliedTwice: keys.length - new Set(keys).size,
      lost: left.length,
      notInPlace:
        loadout.equipped.filter((ref) => {
          const item = owners.get(ref.id);
          return item?.owner !== hunter || !item.equipped;
        }).length + loadout.unequipped.filter((ref) => owners.get(ref.id)?.owner !== hunter).length
    };
  }

  const batched = await apply({ batch: true, errorRate: 0 });
  const oneByOne = await apply({ batch: false, errorRate: 0 });
  const faulty = await apply({ batch: true, errorRate: 0.2 });
  const ideal = (run: typeof batched) => run.actionCalls * (run.meanActionMs + SPACING_MS);
  const figures = {
    items: batched.items,
    latencyMs: LATENCY_MS,
    batched: {
      ...batched,
      idealMs: ideal(batched),
      ratioToIdeal: +(batched.ms / ideal(batched)).toFixed(2)
    },
    baselineOneEquipPerCall: {
      ...oneByOne,
      idealMs: ideal(oneByOne),
      ratioToIdeal: +(oneByOne.ms / ideal(oneByOne)).toFixed(2)
    },
    withFailures20: faulty
  };
  writeFileSync(out, JSON.stringify(figures, null, 2));
  for (const run of [batched, oneByOne, faulty])
    expect({ lost: run.lost, twice: run.appliedTwice, notInPlace: run.notInPlace }).toEqual({
      lost: 0,
      twice: 0,
      notInPlace: 0
    });
  db.close();
});
