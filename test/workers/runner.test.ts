// Over 200 lines: the device's runner through the edge in workerd needs the edge, the simulator and IndexedDB set up together.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { actionRequest } from '../../src/lib/client/moves/http-actions';
import { enqueue, readOutbox } from '../../src/lib/client/outbox/repository';
import { drainOutbox, type RunnerDeps } from '../../src/lib/client/moves/runner';
import { PLACEMENT_PATH } from '../../src/lib/shared/api-shapes';
import { BucketHashes } from '../../src/lib/bungie/hashes';
import type { PlanRules } from '../../src/lib/domain/moves/plan';
import type { ProfileResponse } from '../../src/lib/shared/api-shapes';
import {
  api,
  callJson,
  callUntilRefused,
  callUntilServed,
  signIn,
  sim,
  type CookieJar,
  publisherAdmin
} from './helpers';

/**
 * The device's move runner (Dexie on fake-indexeddb) driving the real edge in workerd (real KV,
 * R2, session and Bungie client) against the simulator, with faults injected at the simulator.
 */
let jar: CookieJar;
let db: VaultDatabase;
const ENERGY = BucketHashes.EnergyWeapons;

const call = <T>(path: string, body?: unknown) => callJson<T>(jar, path, body);

const deps = (): RunnerDeps => ({
  db,
  fetchProfile: () => call<ProfileResponse>(PLACEMENT_PATH),
  perform: async (step, membershipId) => {
    const { path, body } = actionRequest(step, membershipId);
    await call(path, body);
  },
  rules: (profile): PlanRules => ({
    characters: profile.characters,
    definition: () => undefined,
    capacity: () => undefined,
    vaultCapacity: 600
  }),
  sleep: async () => undefined
});

// Publishing the real item table takes a few seconds, more on a busy machine: longer than a hook is given by default.
beforeAll(async () => {
  await sim('/__sim/reset', {});
  const run = await publisherAdmin('/run');
  expect(run.status).toBe(200);
  jar = (await signIn()).jar;
  db = new VaultDatabase(`workers-runner-${Date.now()}`);
}, 30_000);
afterAll(async () => {
  await db.delete();
});

describe('the move runner through the edge in workerd', () => {
  it('carries out moves once each, keeps them through maintenance, and fails a refusal in plain words', async () => {
    const profile = await call<ProfileResponse>('/api/profile');
    const [a, b] = profile.items.filter(
      (i) => i.owner === 'vault' && i.bucketHash === ENERGY && i.transferable
    );
    // A character with room in that slot (the runner here is given no bucket sizes to make room).
    const inSlot = (c: string) =>
      profile.items.filter((i) => i.owner === c && i.locationBucketHash === ENERGY).length;
    const roomy = profile.characters
      .map((c) => c.characterId)
      .sort((x, y) => inSlot(x) - inSlot(y))[0]!;
    expect(inSlot(roomy)).toBeLessThan(9);
    const intent = (id: string, item: typeof a) => ({
      id,
      kind: 'transfer' as const,
      itemId: item!.id,
      itemHash: item!.hash,
      from: 'vault',
      to: roomy,
      stackSize: 1,
      createdAt: 0
    });
    await enqueue(db, intent('m1', a));
    await enqueue(db, intent('m2', b));

    await sim('/__sim/faults', { maintenance: true });
    const down = await drainOutbox(deps());
    expect(down.done).toBe(0);
    expect((await readOutbox(db))[0]).toMatchObject({
      state: 'pending',
      problem: 'Bungie.net is down for maintenance.'
    });
    await sim('/__sim/faults', { maintenance: false });

    await db.outbox.toCollection().modify({ nextTryAt: 0 });
    const up = await drainOutbox({
      ...deps(),
      // The second move meets a refusal at Bungie.
      perform: async (step) => {
        if (step.itemId === b!.id) await sim('/__sim/faults', { failNext: { code: 1642 } });
        await deps().perform(step);
      }
    });
    expect(up).toMatchObject({ done: 1, failed: 1 });
    expect(await readOutbox(db)).toMatchObject([
      { id: 'm2', state: 'failed', problem: 'There is no room for that item there.' }
    ]);
    const state = (await (await sim('/__sim/state')).json()) as {
      items: { itemId: string; owner: string }[];
      actions: { action: string; request: { itemId: string }; errorCode: number }[];
    };
    expect(state.items.find((i) => i.itemId === a!.id)!.owner).toBe(roomy);
    expect(state.items.find((i) => i.itemId === b!.id)!.owner).toBe('vault');
    expect(
      state.actions.filter((x) => x.errorCode === 1 && x.request.itemId === a!.id)
    ).toHaveLength(1);
  });

  it(
    "waits out the session's Bungie quota (429 with Retry-After) rather than failing the move",
    { timeout: 60_000 },
    async () => {
      const fresh = (await signIn()).jar;
      const asFresh = async <T>(path: string, body?: unknown): Promise<T> => {
        const saved = jar;
        jar = fresh;
        try {
          return await call<T>(path, body);
        } finally {
          jar = saved;
        }
      };
      const profile = await asFresh<ProfileResponse>('/api/profile');
      const item = profile.items.find(
        (i) => i.owner === 'vault' && i.bucketHash === ENERGY && i.transferable && !i.locked
      )!;
      await enqueue(db, {
        id: 'q1',
        kind: 'lock',
        itemId: item.id,
        itemHash: item.hash,
        from: 'vault',
        stackSize: 1,
        locked: true,
        createdAt: 0
      });
      // Use up the session's calls for a whole window, from its start, so that the runner's first call
      // below comes well inside it: after a refusal, the first call served opens a window; 59 more fill it.
      const me = () => api('/api/me', { jar: fresh });
      await callUntilRefused(me);
      const opened = await callUntilServed(me);
      const filled = [opened.response.status];
      for (let i = 0; i < 59; i++) filled.push((await me()).status);
      expect(filled).toEqual(Array(60).fill(200));

      const runner: RunnerDeps = {
        ...deps(),
        fetchProfile: () => asFresh<ProfileResponse>(PLACEMENT_PATH),
        perform: async (step) => {
          const { path, body } = actionRequest(step);
          await asFresh(path, body);
        }
      };
      const limited = await drainOutbox(runner);
      expect(limited.done).toBe(0);
      const waiting = (await readOutbox(db)).find((e) => e.id === 'q1')!;
      expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
      expect(waiting.problem).toMatch(
        /Too many requests to Bungie.net from this session; trying again in \d+ s\./
      );
      const wait = waiting.nextTryAt - Date.now();
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(10_000);

      await new Promise((resolve) => setTimeout(resolve, wait + 50));
      expect(await drainOutbox(runner)).toMatchObject({ done: 1, failed: 0 });
      expect((await readOutbox(db)).find((e) => e.id === 'q1')).toBeUndefined();
      const state = (await (await sim('/__sim/state')).json()) as {
        items: { itemId: string; state: number }[];
      };
      expect(state.items.find((i) => i.itemId === item.id)!.state & 1).toBe(1);
    }
  );
});
