// Over 200 lines: the runner's cases against the simulator (lost answers, refusals, throttles, room, accounts) share one setup.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VaultDatabase } from '$lib/client/db/database';
import {
  enqueue,
  enqueueAll,
  readOutbox,
  retryEntry,
  updateEntry,
  wakePending
} from '$lib/client/outbox/repository';
import { UNKNOWN_OUTCOME_SETTLE_MS } from '$lib/domain/outbox/queue-rules';
import { drainOutbox, type CallFailure, type RunnerDeps } from '$lib/client/moves/runner';
import { BucketHashes } from '$lib/bungie/hashes';
import { slimProfile, type ProfileInput } from '$lib/domain/inventory/slim-profile';
import type { MoveIntent } from '$lib/domain/moves/intent';
import { applicationIntents, planLoadoutApply } from '$lib/domain/loadouts/apply-loadout';
import type { Loadout } from '$lib/domain/player-data/shapes';
import type { PlanRules } from '$lib/domain/moves/plan';
import type { Step } from '$lib/domain/moves/steps';
import { slimItem, type SlimItem } from '$lib/domain/shards/slim-item';
import { readBuckets } from '$lib/domain/shards/small-tables';
import type { InventoryItem, ProfileResponse } from '$lib/shared/api-shapes';
import { BungieError } from '$lib/bungie/client/bungie-error';
import { describeFailure, describeItemRefusal } from '$lib/server/describe-failure';
import { harness, REAL } from '../sim/harness';

// The real definitions and buckets, slimmed as the shards carry them.
const fixtures = new URL('../fixtures/bungie/', import.meta.url);
const read = (name: string) => {
  const bytes = readFileSync(new URL(name, fixtures));
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
};
const slim = new Map<number, { bucketHash: number; item: SlimItem }>();
for (const def of Object.values({
  ...read('DestinyInventoryItemDefinition.projected.json.gz'),
  ...read('DestinyInventoryItemDefinition.raw-subset.json.gz')
}) as { hash: number }[]) {
  const slimmed = slimItem(def);
  if (slimmed) slim.set(def.hash, slimmed);
}
const buckets = readBuckets(read('DestinyInventoryBucketDefinition.2023-04-13.json'));
const ENERGY = BucketHashes.EnergyWeapons;

const PROFILE_PATH = `/Platform/Destiny2/${REAL.membershipType}/Profile/${REAL.membershipId}/?components=200,201,205,102,300`;
const ACTIONS = {
  transfer: 'TransferItem',
  equip: 'EquipItem',
  pull: 'PullFromPostmaster',
  lock: 'SetLockState',
  'equip-loadout': 'Loadouts/EquipLoadout'
} as const;

/** What the edge answers for a Bungie error envelope: the same translation, without the HTTP hop. */
function failureOf(
  httpStatus: number,
  envelope: { ErrorCode: number; ErrorStatus: string; Message: string; ThrottleSeconds: number }
): CallFailure & Error {
  const failure = describeFailure(BungieError.fromEnvelope(httpStatus, envelope as never));
  return Object.assign(new Error(failure.message), {
    status: failure.status,
    code: failure.code,
    retryAfterSeconds: failure.retryAfterSeconds
  });
}

let h: ReturnType<typeof harness>;
let token: string;
let db: VaultDatabase;
let clock: number;
/** Steps whose answer is "lost": carried out by Bungie, then the runner hears nothing. */
let loseAnswers = 0;

function deps(): RunnerDeps {
  return {
    db,
    async fetchProfile() {
      const { status, body } = await h.json<{
        ErrorCode: number;
        ErrorStatus: string;
        Message: string;
        ThrottleSeconds: number;
        Response: unknown;
      }>(PROFILE_PATH, { token });
      if (body.ErrorCode !== 1) throw failureOf(status, body);
      return slimProfile(REAL, body.Response as ProfileInput, (hash) => slim.get(hash)?.bucketHash);
    },
    async perform(step: Step) {
      const body =
        step.action === 'transfer'
          ? {
              itemReferenceHash: step.itemHash,
              stackSize: step.stackSize,
              transferToVault: step.toVault,
              itemId: step.instanced ? step.itemId : '0',
              characterId: step.characterId,
              membershipType: 2
            }
          : step.action === 'pull'
            ? {
                itemReferenceHash: step.itemHash,
                stackSize: step.stackSize,
                itemId: step.instanced ? step.itemId : '0',
                characterId: step.characterId,
                membershipType: 2
              }
            : step.action === 'lock'
              ? {
                  state: step.locked,
                  itemId: step.itemId,
                  characterId: step.characterId,
                  membershipType: 2
                }
              : step.action === 'equip-loadout'
                ? {
                    loadoutIndex: step.loadoutIndex,
                    characterId: step.characterId,
                    membershipType: 2
                  }
                : { itemId: step.itemId, characterId: step.characterId, membershipType: 2 };
      const { status, body: envelope } = await h.action(ACTIONS[step.action], token, body);
      if (envelope.ErrorCode !== 1) throw failureOf(status, envelope);
      if (loseAnswers > 0) {
        loseAnswers--;
        throw Object.assign(new Error('No connection.'), { status: 0, code: 'offline' });
      }
    },
    async performEquipBatch(characterId, itemIds) {
      const { status, body: envelope } = await h.action('EquipItems', token, {
        itemIds,
        characterId,
        membershipType: 2
      });
      if (envelope.ErrorCode !== 1) throw failureOf(status, envelope);
      if (loseAnswers > 0) {
        loseAnswers--;
        throw Object.assign(new Error('No connection.'), { status: 0, code: 'offline' });
      }
      const { equipResults } = envelope.Response as {
        equipResults: { itemInstanceId: string; equipStatus: number }[];
      };
      return equipResults.map((r) =>
        r.equipStatus === 1
          ? { itemId: r.itemInstanceId, ok: true as const }
          : { itemId: r.itemInstanceId, ok: false as const, ...describeItemRefusal(r.equipStatus) }
      );
    },
    rules(profile: ProfileResponse): PlanRules {
      return {
        characters: profile.characters,
        definition: (hash) => slim.get(hash)?.item,
        capacity: (bucketHash) => buckets.get(bucketHash)?.itemCount,
        vaultCapacity: buckets.get(BucketHashes.Vault)!.itemCount
      };
    },
    now: () => clock,
    sleep: async (ms) => void (clock += ms)
  };
}

let seq = 0;
const intent = (
  partial: Partial<MoveIntent> & Pick<MoveIntent, 'kind' | 'itemId' | 'itemHash'>
): MoveIntent =>
  ({
    id: `intent-${++seq}`,
    from: 'vault',
    stackSize: 1,
    createdAt: clock,
    ...partial
  }) as MoveIntent;
const simItem = (itemId: string) =>
  h.world.account.items.find((i) => i.component.itemInstanceId === itemId)!;
const ownerOf = (itemId: string) => {
  const owner = simItem(itemId).owner;
  return owner.kind === 'character' ? owner.characterId : owner.kind;
};

beforeEach(async () => {
  h = harness();
  token = (await h.signIn()).access_token;
  db = new VaultDatabase(`runner-${Math.random()}`);
  clock = 1_000_000;
  loseAnswers = 0;
});
afterEach(async () => {
  await db.delete();
});

/** Vault energy weapons the rules let anyone carry. */
async function vaultWeapons(count: number) {
  const profile = await deps().fetchProfile();
  return profile.items
    .filter(
      (i) =>
        i.owner === 'vault' &&
        i.bucketHash === ENERGY &&
        i.transferable &&
        slim.get(i.hash)?.item.tier !== 6
    )
    .slice(0, count);
}

describe('drainOutbox against the simulator', () => {
  it('carries out moves across owners in order, each exactly once', async () => {
    const [a, b, c] = await vaultWeapons(3);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter })
    );
    await enqueue(
      db,
      intent({
        kind: 'transfer',
        itemId: a!.id,
        itemHash: a!.hash,
        from: REAL.hunter,
        to: REAL.warlock
      })
    );
    await enqueue(db, intent({ kind: 'equip', itemId: b!.id, itemHash: b!.hash, to: REAL.titan }));
    await enqueue(
      db,
      intent({
        kind: 'lock',
        itemId: c!.id,
        itemHash: c!.hash,
        locked: !simItem(c!.id).component.state
      })
    );
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: c!.id, itemHash: c!.hash, to: REAL.hunter })
    );
    const result = await drainOutbox(deps());
    expect(result).toMatchObject({ done: 5, failed: 0 });
    expect(await readOutbox(db)).toEqual([]);
    expect([ownerOf(a!.id), ownerOf(b!.id), ownerOf(c!.id)]).toEqual([
      REAL.warlock,
      REAL.titan,
      REAL.hunter
    ]);
    expect(simItem(b!.id).equipped).toBe(true);
    // Transfers: a to the hunter, back to the vault, to the warlock; b to the titan; c to the hunter;
    // and one for each item moved aside to make room.
    const log = h.world.actionLog.filter((e) => e.errorCode === 1);
    expect(log.filter((e) => e.action === 'TransferItem')).toHaveLength(5 + result.madeRoom.length);
    expect(log.filter((e) => e.action === 'EquipItem')).toHaveLength(1);
    expect(log.filter((e) => e.action === 'SetLockState')).toHaveLength(1);
    // Never two actions closer than 0.1 s.
    expect(h.world.actionLog.every((e) => e.errorCode !== 1672)).toBe(true);
  });

  it('reads whether the device is online from what it is given, not from the page', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(db, intent({ kind: 'equip', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter }));
    const noAnswer = () =>
      Promise.reject(Object.assign(new Error('No connection.'), { status: 0, code: 'offline' }));
    // Told it is offline: no backoff growth, a look again in 5 s.
    const offline = await drainOutbox({ ...deps(), fetchProfile: noAnswer, online: () => false });
    expect(offline.waitUntil).toBe(clock + 5_000);
    expect((await readOutbox(db))[0]).toMatchObject({ attempts: 0 });
    // Told it is online, the same lost answer (once the move is due again) is a failure that backs off.
    clock += 5_000;
    const online = await drainOutbox({ ...deps(), fetchProfile: noAnswer, online: () => true });
    expect(online.waitUntil).toBeGreaterThan(clock);
    expect((await readOutbox(db))[0]).toMatchObject({ attempts: 1 });
  });

  it('with the device offline, a move waits for the network without its backoff growing', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(db, intent({ kind: 'equip', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter }));
    vi.stubGlobal('navigator', { onLine: false });
    try {
      const offline = {
        ...deps(),
        fetchProfile: () =>
          Promise.reject(Object.assign(new Error('No connection.'), { status: 0, code: 'offline' }))
      };
      for (let i = 0; i < 4; i++) {
        const result = await drainOutbox(offline);
        expect(result.waitUntil).toBe(clock + 5_000);
        clock += 5_000;
      }
      expect((await readOutbox(db))[0]).toMatchObject({
        state: 'pending',
        attempts: 0,
        problem: 'No connection.'
      });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await drainOutbox(deps())).toMatchObject({ done: 1 });
  });

  it('reads again at once after a transient failure of the read, and the move goes on in the same drain', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(db, intent({ kind: 'equip', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter }));
    const started = clock;
    let reads = 0;
    const flaky = {
      ...deps(),
      fetchProfile() {
        // Bungie's "unhandled exception" on the first two reads, as it answers now and then.
        if (reads++ < 2) h.world.faults.failNext = { code: 3 };
        return deps().fetchProfile();
      }
    };
    expect(await drainOutbox(flaky)).toMatchObject({ done: 1, failed: 0 });
    expect(reads).toBe(3);
    expect(ownerOf(a!.id)).toBe(REAL.hunter);
    // Two short pauses, no backoff: 0.1 s then 0.3 s, and the move never counted a failed attempt.
    expect(clock - started).toBeLessThan(1_000);
  });

  it('does not hurry a read Bungie is down for maintenance: the move waits its backoff', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(db, intent({ kind: 'equip', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter }));
    h.world.faults.maintenance = 'envelope';
    let reads = 0;
    const counted = {
      ...deps(),
      fetchProfile() {
        reads++;
        return deps().fetchProfile();
      }
    };
    const result = await drainOutbox(counted);
    expect(reads).toBe(1);
    expect(result.waitUntil).toBe(clock + 100);
    expect((await readOutbox(db))[0]).toMatchObject({ state: 'pending', attempts: 1 });
  });

  it('taking over a move whose call went unanswered, waits until that call has surely landed or not before sending it again', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.warlock })
    );
    // The page that sent the transfer went away before its answer: the new runner finds it marked.
    const [entry] = await readOutbox(db);
    const step = `transfer ${a!.id} ${a!.hash} 1 ${REAL.warlock} false`;
    await updateEntry(db, entry!.id, { inFlight: { step, sentAt: clock } });
    const waiting = await drainOutbox(deps());
    expect(waiting).toMatchObject({ done: 0, waitUntil: clock + UNKNOWN_OUTCOME_SETTLE_MS });
    expect(h.world.actionLog).toHaveLength(0);
    expect((await readOutbox(db))[0]).toMatchObject({ state: 'pending', attempts: 0 });

    // Once it has settled (here: it never reached Bungie), a fresh read decides, and it goes once.
    clock = waiting.waitUntil!;
    expect(await drainOutbox(deps())).toMatchObject({ done: 1 });
    expect(ownerOf(a!.id)).toBe(REAL.warlock);
    expect(h.world.actionLog.filter((e) => e.errorCode === 1)).toHaveLength(1);
  });

  it('taking over a move whose unanswered call did land, settles it at once: the read shows it done', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.warlock })
    );
    const [entry] = await readOutbox(db);
    // The transfer landed before the page that sent it went away.
    const landed = await h.action('TransferItem', token, {
      itemReferenceHash: a!.hash,
      stackSize: 1,
      transferToVault: false,
      itemId: a!.id,
      characterId: REAL.warlock,
      membershipType: 2
    });
    expect(landed.body.ErrorCode).toBe(1);
    await updateEntry(db, entry!.id, {
      inFlight: { step: `transfer ${a!.id} ${a!.hash} 1 ${REAL.warlock} false`, sentAt: clock }
    });
    expect(await drainOutbox(deps())).toMatchObject({ done: 1 });
    expect(ownerOf(a!.id)).toBe(REAL.warlock);
    expect(h.world.actionLog).toHaveLength(1);
  });

  it('marks a step in flight before sending it, and clears it when an answer says what happened', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.warlock })
    );
    const seen: unknown[] = [];
    const watching = {
      ...deps(),
      async perform(step: Step, membershipId?: string) {
        seen.push((await readOutbox(db))[0]!.inFlight);
        // Bungie answers with an error: the step did not happen, nothing is in flight after.
        h.world.faults.failNext = { code: 3 };
        return deps().perform(step, membershipId);
      }
    };
    await drainOutbox(watching);
    expect(seen).toEqual([
      { step: `transfer ${a!.id} ${a!.hash} 1 ${REAL.warlock} false`, sentAt: clock }
    ]);
    expect((await readOutbox(db))[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await readOutbox(db))[0]!.inFlight).toBeUndefined();
  });

  it('does not repeat a step whose answer was lost: it re-reads where the item is first', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(db, intent({ kind: 'equip', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter }));
    loseAnswers = 1;
    const first = await drainOutbox(deps());
    expect(first.done).toBe(0);
    expect(first.waitUntil).toBeGreaterThan(clock);
    const [entry] = await readOutbox(db);
    expect(entry).toMatchObject({ state: 'pending', attempts: 1, problem: 'No connection.' });
    // Bungie did carry out the first step; the runner did not hear so.
    const succeeded = () => h.world.actionLog.filter((e) => e.errorCode === 1);
    expect(succeeded()).toHaveLength(1);
    const lost = succeeded()[0]!;
    clock = first.waitUntil!;
    expect(await drainOutbox(deps())).toMatchObject({ done: 1 });
    // Replayed from a fresh read: the lost step is not repeated, and no action ran twice.
    const keys = succeeded().map((e) => `${e.action} ${JSON.stringify(e.request)}`);
    expect(keys.filter((k) => k === `${lost.action} ${JSON.stringify(lost.request)}`)).toHaveLength(
      1
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(ownerOf(a!.id)).toBe(REAL.hunter);
    expect(simItem(a!.id).equipped).toBe(true);
  });

  it('fails a move the game refuses, in plain words, and goes on with the next', async () => {
    const [a, b] = await vaultWeapons(2);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter })
    );
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: b!.id, itemHash: b!.hash, to: REAL.hunter })
    );
    // The profile read goes first; the refusal hits the transfer itself.
    const real = deps();
    let calls = 0;
    const result = await drainOutbox({
      ...real,
      async perform(step) {
        if (calls++ === 0) h.world.faults.failNext = { code: 1642 };
        return real.perform(step);
      }
    });
    expect(result).toMatchObject({ done: 1, failed: 1 });
    const [failed] = await readOutbox(db);
    expect(failed).toMatchObject({
      itemId: a!.id,
      state: 'failed',
      problem: 'There is no room for that item there.'
    });
    // Room can be made: the player keeps Retry.
    expect(failed!.final).toBeUndefined();
    expect(ownerOf(a!.id)).toBe('vault');
    expect(ownerOf(b!.id)).toBe(REAL.hunter);
  });

  it('marks a refusal no retry can change as final (no Retry offered)', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter })
    );
    const real = deps();
    const result = await drainOutbox({
      ...real,
      async perform(step) {
        h.world.faults.failNext = { code: 1663 };
        return real.perform(step);
      }
    });
    expect(result).toMatchObject({ done: 0, failed: 1 });
    expect((await readOutbox(db))[0]).toMatchObject({
      state: 'failed',
      final: true,
      problem: expect.stringContaining('Destiny 2 does not allow that on this item')
    });
  });

  it('waits out throttling and maintenance, keeping the move pending, then carries it out', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.hunter })
    );
    h.world.faults.throttle = 7;
    const throttled = await drainOutbox(deps());
    expect(throttled.waitUntil).toBe(clock + 7000);
    h.world.faults.throttle = 0;
    h.world.faults.maintenance = 'envelope';
    clock = throttled.waitUntil!;
    const down = await drainOutbox(deps());
    expect(down.done).toBe(0);
    expect((await readOutbox(db))[0]).toMatchObject({
      state: 'pending',
      attempts: 2,
      problem: 'Bungie.net is down for maintenance.'
    });
    h.world.faults.maintenance = false;
    // It waits its turn: nothing happens before the time it was given.
    expect(await drainOutbox(deps())).toMatchObject({ done: 0, waitUntil: down.waitUntil });
    clock = down.waitUntil!;
    expect(await drainOutbox(deps())).toMatchObject({ done: 1 });
    expect(ownerOf(a!.id)).toBe(REAL.hunter);
  });

  it('tries a waiting move at once when the network comes back, not at its backoff time', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.warlock })
    );
    h.world.faults.maintenance = 'envelope';
    expect((await drainOutbox(deps())).waitUntil).toBeGreaterThan(clock);
    h.world.faults.maintenance = false;
    expect(await drainOutbox(deps())).toMatchObject({ done: 0 });
    await wakePending(db);
    expect(await drainOutbox(deps())).toMatchObject({ done: 1 });
  });

  it('never carries out a move made for another account', async () => {
    const [a] = await vaultWeapons(1);
    await enqueue(db, {
      ...intent({ kind: 'transfer', itemId: a!.id, itemHash: a!.hash, to: REAL.warlock }),
      membershipId: '4611686018400000000'
    });
    expect(await drainOutbox(deps())).toMatchObject({ done: 0, failed: 1 });
    expect((await readOutbox(db))[0]).toMatchObject({
      state: 'failed',
      problem: 'This move was made for another account. Sign in to that account, then Retry.'
    });
    expect(ownerOf(a!.id)).toBe('vault');
    expect(h.world.actionLog).toHaveLength(0);
  });

  it('makes room in a full character bucket and says what it moved aside', async () => {
    const profile = await deps().fetchProfile();
    const capacity = buckets.get(ENERGY)!.itemCount;
    const onHunter = profile.items.filter(
      (i) => i.owner === REAL.hunter && i.bucketHash === ENERGY && i.locationBucketHash === ENERGY
    );
    const fillers = (await vaultWeapons(capacity + 1)).filter(
      (i) => !onHunter.some((o) => o.id === i.id)
    );
    for (const f of fillers.slice(0, capacity - onHunter.length))
      await enqueue(
        db,
        intent({ kind: 'transfer', itemId: f.id, itemHash: f.hash, to: REAL.hunter })
      );
    const last = fillers[capacity - onHunter.length]!;
    await enqueue(
      db,
      intent({ kind: 'transfer', itemId: last.id, itemHash: last.hash, to: REAL.hunter })
    );
    const result = await drainOutbox(deps());
    expect(result).toMatchObject({ failed: 0, done: capacity - onHunter.length + 1 });
    expect(ownerOf(last.id)).toBe(REAL.hunter);
    // Full before the last move and after it: one item went to the vault to make room.
    expect(
      h.world.account.items.filter(
        (i) =>
          i.owner.kind === 'character' &&
          i.owner.characterId === REAL.hunter &&
          i.component.bucketHash === ENERGY
      )
    ).toHaveLength(capacity);
    expect(result.madeRoom).toHaveLength(1);
  });
});

describe('a loadout applied through the runner', () => {
  /**
   * A Hunter loadout spread over the account: the Titan's equipped energy weapon, a kinetic and
   * a power weapon from the vault, and the Warlock's carried kinetic, all to be equipped but the
   * last, which is carried.
   */
  async function scatteredLoadout() {
    const profile = await deps().fetchProfile();
    const legendary = (i: InventoryItem) =>
      i.transferable && slim.get(i.hash)?.item.tier === 5 && i.instanced;
    const pick = (test: (i: InventoryItem) => boolean) => {
      const found = profile.items.find((i) => legendary(i) && test(i));
      if (!found) throw new Error('the real profile lacks an item the test needs');
      return found;
    };
    const titanEnergy = pick(
      (i) => i.owner === REAL.titan && i.equipped && i.bucketHash === ENERGY
    );
    const vaultKinetic = pick(
      (i) => i.owner === 'vault' && i.bucketHash === BucketHashes.KineticWeapons
    );
    const vaultPower = pick(
      (i) => i.owner === 'vault' && i.bucketHash === BucketHashes.PowerWeapons
    );
    const warlockCarried = pick(
      (i) => i.owner === REAL.warlock && !i.equipped && i.bucketHash === ENERGY
    );
    const loadout = {
      equipped: [titanEnergy, vaultKinetic, vaultPower].map((i) => ({ id: i.id, hash: i.hash })),
      unequipped: [{ id: warlockCarried.id, hash: warlockCarried.hash }]
    };
    return { profile, loadout, equip: [titanEnergy, vaultKinetic, vaultPower], warlockCarried };
  }

  /** Queues the application as the page does: one entry per move, all tagged with it. */
  async function queueApplication(
    loadout: Pick<Loadout, 'equipped' | 'unequipped'>,
    profile: ProfileResponse
  ) {
    const application = planLoadoutApply(
      loadout,
      REAL.hunter,
      profile.items,
      deps().rules(profile)
    );
    const tag = {
      applyId: 'apply-1',
      loadoutId: 'L1',
      name: 'Raid',
      itemCount: application.itemCount,
      itemIds: application.itemIds
    };
    await enqueueAll(
      db,
      applicationIntents(application.moves, tag, {
        id: (n) => `move-${n}`,
        now: clock,
        items: profile.items
      })
    );
    return application;
  }

  /** Drains until nothing is due, moving the clock to each wait, as the page's timer does. */
  async function drainUntilIdle(limit = 20) {
    for (let n = 0; n < limit; n++) {
      const result = await drainOutbox(deps());
      if (result.waitUntil === undefined) return;
      clock = Math.max(clock, result.waitUntil);
    }
    throw new Error('the outbox never settled');
  }

  const succeeded = () =>
    h.world.actionLog
      .filter((e) => e.errorCode === 1)
      .map((e) => `${e.action} ${JSON.stringify(e.request)}`);

  it('puts every item on the Hunter, each action once, through lost answers and a refusal', async () => {
    const { profile, loadout, equip, warlockCarried } = await scatteredLoadout();
    const application = await queueApplication(loadout, profile);
    expect(application.itemCount).toBe(4);
    // Two answers lost mid-way, and the game refusing the carried weapon's move twice (no room,
    // as if the player filled the vault in the game): once from what the runner trusted, once more
    // after a fresh read, so it fails.
    loseAnswers = 2;
    const real = deps();
    let refusals = 2;
    const refusing: RunnerDeps = {
      ...real,
      async perform(step) {
        if (step.itemId === warlockCarried.id && refusals-- > 0)
          h.world.faults.failNext = { code: 1642 };
        return real.perform(step);
      }
    };
    for (let n = 0; n < 20 && (await readOutbox(db)).some((e) => e.state === 'pending'); n++) {
      const result = await drainOutbox(refusing);
      if (result.waitUntil !== undefined) clock = Math.max(clock, result.waitUntil);
    }
    // Both answers were lost and both refusals met.
    expect([loseAnswers, refusals]).toEqual([0, 0]);
    const failed = (await readOutbox(db)).filter((e) => e.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ problem: 'There is no room for that item there.' });
    expect(failed[0]!.loadout?.applyId).toBe('apply-1');
    // Retry redoes only what failed.
    const before = succeeded().length;
    await retryEntry(db, failed[0]!.id);
    await drainUntilIdle();
    expect(await readOutbox(db)).toEqual([]);
    expect(succeeded().length).toBeGreaterThan(before);

    for (const item of equip) {
      expect(ownerOf(item.id)).toBe(REAL.hunter);
      expect(simItem(item.id).equipped).toBe(true);
    }
    expect(ownerOf(warlockCarried.id)).toBe(REAL.hunter);
    // No Bungie action was carried out twice.
    const keys = succeeded();
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('equips one by one, from a fresh read, when the batch call itself fails', async () => {
    const { profile, loadout, equip } = await scatteredLoadout();
    await queueApplication(loadout, profile);
    const real = deps();
    let batches = 0;
    const refusals: string[] = [];
    await drainOutbox({
      ...real,
      async performEquipBatch(characterId, itemIds) {
        if (batches++ === 0) h.world.faults.failNext = { code: 1642 };
        return real.performEquipBatch!(characterId, itemIds).catch((error: CallFailure) => {
          refusals.push(error.code);
          throw error;
        });
      }
    });
    await drainUntilIdle();
    expect(await readOutbox(db)).toEqual([]);
    for (const item of equip) expect(simItem(item.id).equipped).toBe(true);
    expect(batches).toBe(1);
    expect(refusals).toEqual(['no_room']);
    const keys = succeeded();
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lets the moves go on while the Hunter is in an activity; the equips wait for orbit', async () => {
    const { profile, loadout, equip, warlockCarried } = await scatteredLoadout();
    await queueApplication(loadout, profile);
    h.world.inActivity.add(REAL.hunter);
    const during = await drainOutbox(deps());
    expect(during.failed).toBe(0);
    // Every item reached the Hunter; the equips wait, saying why, and hold nothing else back.
    for (const item of [...equip, warlockCarried]) expect(ownerOf(item.id)).toBe(REAL.hunter);
    const waiting = await readOutbox(db);
    expect(waiting.map((e) => e.kind)).toEqual(['equip', 'equip', 'equip']);
    for (const entry of waiting)
      expect(entry).toMatchObject({
        state: 'pending',
        waitsForOrbit: true,
        problem: expect.stringContaining('in an activity')
      });
    expect(during.waitUntil).toBeGreaterThan(clock);

    h.world.inActivity.clear();
    await drainUntilIdle();
    expect(await readOutbox(db)).toEqual([]);
    for (const item of equip) expect(simItem(item.id).equipped).toBe(true);
    // The three equips went to Bungie together (EquipItems), never one by one.
    const equipsOf = (action: string) =>
      h.world.actionLog.filter(
        (e) =>
          e.action === action && equip.some((item) => JSON.stringify(e.request).includes(item.id))
      );
    expect(equipsOf('EquipItem')).toEqual([]);
    expect(equipsOf('EquipItems').filter((e) => e.errorCode === 1)).toHaveLength(3);
  });
});
