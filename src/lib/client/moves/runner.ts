// Over 200 lines: one concept, the drain's plan, perform and settle share the state it trusts.
import { locate, planIntent, type PlanRules } from '$lib/domain/moves/plan';
import { applyStep, stepIdentity, type Step } from '$lib/domain/moves/steps';
import type { OutboxEntry } from '$lib/domain/outbox/entry';
import {
  classifyFailure,
  equipBatch,
  isFinalRefusal,
  nextToRun,
  nextTryAt,
  outcomeMayStillLand,
  readRetryPause,
  spacingWait,
  unsettledUntil
} from '$lib/domain/outbox/queue-rules';
import type { EquipItemsResponse, InventoryItem, ProfileResponse } from '$lib/shared/api-shapes';
import type { VaultDatabase } from '../db/database';
import { completeEntry, isQueued, readOutbox, readPlaced, updateEntry } from '../outbox/repository';

/** A failed call: the HTTP status (0 for no answer), the API's error code and words, Retry-After. */
export interface CallFailure {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

/** What the runner needs from the world; the browser passes the app's API, tests the simulator. */
export interface RunnerDeps {
  db: VaultDatabase;
  /** A fresh read from Bungie of where every item really is (the item details are not needed). */
  fetchProfile(): Promise<ProfileResponse>;
  /**
   * Carries out one step for the account the move was made for (the edge refuses it for any other);
   * throws a CallFailure-shaped error when it did not happen.
   */
  perform(step: Step, membershipId?: string): Promise<void>;
  /**
   * Equips several items on one character in one call (Bungie's EquipItems), for a loadout; each
   * item has its own result. Without it, each equip is its own call.
   */
  performEquipBatch?(
    characterId: string,
    itemIds: string[],
    membershipId?: string
  ): Promise<EquipItemsResponse['results']>;
  rules(profile: ProfileResponse): PlanRules;
  /** The profile as it is after the runner's successful steps, to show without another fetch. */
  onApplied?(profile: ProfileResponse): Promise<void> | void;
  /** Something in the outbox changed. */
  onChange?(): void;
  now?(): number;
  sleep?(ms: number): Promise<void>;
  /** Whether the device has a network at all (the browser's `navigator.onLine` when not given). */
  online?(): boolean;
}

export interface DrainResult {
  done: number;
  failed: number;
  /** When the next pending intent may be tried, if one is waiting. */
  waitUntil?: number;
  /** The session ended; intents wait for a new sign-in. */
  signedOut?: boolean;
  /** Names of items moved to the vault to make room, to tell the player. */
  madeRoom: string[];
  /** Exotics taken off to equip another, with what went on in their place. */
  swapped: { out: string; in: string }[];
}

const asFailure = (error: unknown): CallFailure => {
  const e = error as Partial<CallFailure> | undefined;
  return {
    status: typeof e?.status === 'number' ? e.status : 0,
    code: typeof e?.code === 'string' ? e.code : 'offline',
    message: error instanceof Error ? error.message : String(error),
    retryAfterSeconds: e?.retryAfterSeconds
  };
};

/** How soon a move that met no network looks again, should no "online" event come (ms). */
const OFFLINE_RECHECK_MS = 5_000;

const browserOnline = () =>
  (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false;

/**
 * Carries out the outbox, oldest first, until it is empty or must wait.
 *
 * Exactly once: the runner plans each intent from a state it can trust, never from a guess. It
 * reads where every item really is at the start, and again whenever the outcome of a call is
 * unknown (no answer, an error, a refusal): a step that did happen before its answer was lost is
 * then seen as done and skipped, not repeated. Between those reads it trusts its own successful
 * steps, which spares Bungie a full profile read per move. A refusal planned from that trusted
 * state is checked once against a fresh read before the intent fails.
 */
export function drainOutbox(deps: RunnerDeps): Promise<DrainResult> {
  return new Drain(deps).untilIdleOrWaiting();
}

/** An intent planned into steps, from a profile the runner trusts. */
interface Planned {
  profile: ProfileResponse;
  steps: Step[];
  /** Whether the profile was read just now (so a refusal needs no second look). */
  freshRead: boolean;
  /** Exotics the steps take off, by name, with what goes on instead: told once the move is done. */
  swapped: { out: string; in: string }[];
}

/** How carrying out the steps ended; `items` is where they put things (the steps that succeeded). */
interface Performed {
  items: InventoryItem[];
  outcome: 'done' | 'dismissed' | 'waiting' | 'failed' | 'recheck';
}

/** One drain of the outbox: each intent is planned, performed, then settled in the outbox. */
class Drain {
  private readonly result: DrainResult = { done: 0, failed: 0, madeRoom: [], swapped: [] };
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly online: () => boolean;
  private lastActionAt: number | undefined;
  /** Where items are, as far as the runner knows for sure; undefined means "read it again". */
  private known: ProfileResponse | undefined;
  /** The intent whose refusal is being checked against a fresh read. */
  private recheck: string | undefined;
  /** Equips that go on their own from now on: their batch failed, or refused them. */
  private readonly alone = new Set<string>();

  private readonly deps: RunnerDeps;

  constructor(deps: RunnerDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.online = deps.online ?? browserOnline;
  }

  async untilIdleOrWaiting(): Promise<DrainResult> {
    for (;;) {
      const entries = await readOutbox(this.deps.db);
      const next = nextToRun(entries, this.now());
      if ('idle' in next) return this.result;
      if ('waitUntil' in next) return { ...this.result, waitUntil: next.waitUntil };
      const batch = this.deps.performEquipBatch
        ? equipBatch(entries, next.entry, this.now()).filter((e) => !this.alone.has(e.id))
        : [];
      if (batch.length > 1 && (await this.equipTogether(batch))) continue;
      const planned = await this.plan(next.entry);
      if (planned === 'wait') return this.result;
      if (planned === 'settled') continue;
      const performed = await this.perform(next.entry, planned);
      if (await this.settle(next.entry, planned, performed)) return this.result;
    }
  }

  /** Plans the intent from a trusted profile; 'settled' when it failed or waits for a fresh read. */
  private async plan(entry: OutboxEntry): Promise<Planned | 'wait' | 'settled'> {
    const { deps } = this;
    const freshRead = !this.known;
    if (!this.known) {
      const read = await this.read();
      if ('status' in read) {
        if (classifyFailure(read.status, read.code) === 'fail') {
          await this.fail(entry, read.message);
          return 'settled';
        }
        await this.retryLater(entry, read);
        return 'wait';
      }
      this.known = read;
    }
    const profile = this.known;
    // Items earlier moves put in place stay there: making room never undoes the player's own move,
    // nor moves aside another item of the loadout this move is part of.
    const rules: PlanRules = {
      ...deps.rules(profile),
      keep: new Set([...(await readPlaced(deps.db, this.now())), ...(entry.loadout?.itemIds ?? [])])
    };
    if (entry.membershipId && entry.membershipId !== profile.membershipId) {
      await this.fail(
        entry,
        'This move was made for another account. Sign in to that account, then Retry.'
      );
      return 'settled';
    }
    const plan = planIntent(entry, profile.items, rules);
    if ('refusal' in plan) {
      if (!freshRead && this.recheck !== entry.id) {
        this.recheck = entry.id;
        this.known = undefined;
        return 'settled';
      }
      await this.fail(entry, plan.refusal.message, plan.refusal.reason);
      return 'settled';
    }
    const first = plan.steps[0];
    const settling = first && unsettledUntil(entry.inFlight, stepIdentity(first), this.now());
    if (settling) {
      // That very step went out and no answer came: it may still land. Only a read after it has
      // surely landed or not can say whether to send it again.
      this.known = undefined;
      await updateEntry(deps.db, entry.id, {
        nextTryAt: settling,
        problem: 'Waiting to hear whether Bungie.net did the last try.'
      });
      deps.onChange?.();
      this.result.waitUntil = settling;
      return 'wait';
    }
    if (plan.madeRoom.length) {
      const names = plan.madeRoom.map((i) => rules.definition(i.hash)?.name ?? 'an item');
      await updateEntry(deps.db, entry.id, { madeRoom: names });
      this.result.madeRoom.push(...names);
    }
    const name = (item: InventoryItem) => rules.definition(item.hash)?.name ?? 'an item';
    const swapped = (plan.swapped ?? []).map((swap) => ({
      out: name(swap.out),
      in: name(swap.in)
    }));
    return { profile, steps: plan.steps, freshRead, swapped };
  }

  /**
   * A loadout's equips on one character in one call. Each is planned first: only those that need
   * just their own equip (no room to make, no exotic to swap, one per slot) go together; the rest,
   * and any the call refuses or whose outcome is unknown, go on their own afterwards. True when
   * the batch went to Bungie.
   */
  private async equipTogether(batch: OutboxEntry[]): Promise<boolean> {
    const { deps } = this;
    const freshRead = !this.known;
    if (!this.known) {
      const read = await this.read();
      if ('status' in read) return false; // the single path meets the same failure, and waits as it should
      this.known = read;
    }
    const profile = this.known;
    const rules: PlanRules = {
      ...deps.rules(profile),
      keep: new Set([
        ...(await readPlaced(deps.db, this.now())),
        ...(batch[0]!.loadout?.itemIds ?? [])
      ])
    };
    const chosen: { entry: OutboxEntry; step: Step }[] = [];
    const slots = new Set<number>();
    for (const entry of batch) {
      if (entry.membershipId && entry.membershipId !== profile.membershipId) break;
      const plan = planIntent(entry, profile.items, rules);
      if ('refusal' in plan || plan.steps.length !== 1 || plan.madeRoom.length || plan.swapped)
        break;
      const step = plan.steps[0]!;
      const item = profile.items.find((i) => i.id === step.itemId);
      if (step.action !== 'equip' || !item || slots.has(item.bucketHash)) break;
      slots.add(item.bucketHash);
      chosen.push({ entry, step });
    }
    if (chosen.length < 2) return false;
    const wait = spacingWait(this.lastActionAt, this.now());
    if (wait) await this.sleep(wait);
    const live: typeof chosen = [];
    for (const one of chosen) if (await isQueued(deps.db, one.entry.id)) live.push(one);
    if (live.length < 2) return false;

    const characterId = live[0]!.step.characterId;
    const sentAt = this.now();
    for (const { entry, step } of live)
      await updateEntry(deps.db, entry.id, { inFlight: { step: stepIdentity(step), sentAt } });
    let results: EquipItemsResponse['results'];
    try {
      results = await deps.performEquipBatch!(
        characterId,
        live.map((one) => one.step.itemId),
        live[0]!.entry.membershipId
      );
    } catch (error) {
      // Whether any went on is unknown: each is planned again on its own, from a fresh read.
      this.lastActionAt = this.now();
      this.known = undefined;
      const settled = !outcomeMayStillLand(asFailure(error));
      for (const one of live) {
        this.alone.add(one.entry.id);
        if (settled) await updateEntry(deps.db, one.entry.id, { inFlight: undefined });
      }
      return true;
    }
    this.lastActionAt = this.now();
    let items = profile.items;
    let unsure = false;
    for (const { entry, step } of live) {
      const result = results.find((r) => r.itemId === step.itemId);
      if (result?.ok) {
        items = applyStep(items, step);
        await completeEntry(deps.db, entry.id, step.itemId, this.now());
        this.result.done++;
      } else if (result?.code === 'in_activity') {
        await this.retryLater(
          entry,
          { status: 409, code: result.code, message: result.message },
          { settled: true }
        );
      } else if (result && freshRead) {
        await this.fail(entry, result.message, result.code);
      } else {
        // Refused on what the runner only trusted (or no word at all): once more, on its own,
        // after a fresh read, before it counts as failed. Bungie answered: nothing is in flight.
        this.alone.add(entry.id);
        await updateEntry(deps.db, entry.id, { inFlight: undefined });
        unsure = true;
      }
    }
    this.known = unsure ? undefined : { ...profile, items };
    await deps.onApplied?.({ ...profile, items });
    deps.onChange?.();
    return true;
  }

  /** Sends the steps in order, spaced for Bungie, until one fails or the player dismisses the move. */
  private async perform(entry: OutboxEntry, planned: Planned): Promise<Performed> {
    const { deps } = this;
    let items = planned.profile.items;
    let attempts = entry.attempts;
    for (const step of planned.steps) {
      const wait = spacingWait(this.lastActionAt, this.now());
      if (wait) await this.sleep(wait);
      // The player may have dismissed it while the runner waited.
      if (!(await isQueued(deps.db, entry.id))) return { items, outcome: 'dismissed' };
      if (!this.online()) {
        // Not sent at all: it waits for the network with nothing in flight.
        this.known = undefined;
        await this.retryLater(
          { ...entry, attempts },
          { status: 0, code: 'offline', message: 'No connection.' },
          { settled: true }
        );
        return { items, outcome: 'waiting' };
      }
      // Written before it leaves: whoever runs the outbox next (this page reloaded, another tab)
      // knows the step may be landing even if this runner never hears back.
      await updateEntry(deps.db, entry.id, {
        inFlight: { step: stepIdentity(step), sentAt: this.now() }
      });
      try {
        await deps.perform(step, entry.membershipId);
      } catch (error) {
        this.lastActionAt = this.now();
        const failure = asFailure(error);
        this.known = undefined; // did it happen? Only a fresh read can tell.
        if (classifyFailure(failure.status, failure.code) !== 'fail') {
          await this.retryLater({ ...entry, attempts }, failure, {
            settled: !outcomeMayStillLand(failure)
          });
          return { items, outcome: 'waiting' };
        }
        if (!planned.freshRead && this.recheck !== entry.id) {
          this.recheck = entry.id;
          // Refused: nothing is in flight, and the fresh read may plan the same step again.
          await updateEntry(deps.db, entry.id, { inFlight: undefined });
          return { items, outcome: 'recheck' };
        }
        await this.fail({ ...entry, attempts }, failure.message, failure.code);
        return { items, outcome: 'failed' };
      }
      // Spaced from the answer, not the request: Bungie then sees at least 0.1 s between arrivals.
      this.lastActionAt = this.now();
      items = applyStep(items, step);
      // Progress: a later failure of this intent backs off from the start again.
      if (attempts > 0) {
        attempts = 0;
        await updateEntry(deps.db, entry.id, { attempts: 0 });
      }
    }
    return { items, outcome: 'done' };
  }

  /**
   * Shows what the steps did and, when all were done, takes the intent out of the outbox. True when
   * the drain must stop and wait (a failure that passes by itself, or the session ended).
   */
  private async settle(
    entry: OutboxEntry,
    planned: Planned,
    performed: Performed
  ): Promise<boolean> {
    const { profile } = planned;
    const { items, outcome } = performed;
    if (this.known) this.known = { ...profile, items };
    if (planned.steps.length) await this.deps.onApplied?.({ ...profile, items });
    if (outcome === 'waiting')
      return this.result.signedOut === true || this.result.waitUntil !== undefined;
    if (outcome !== 'done') return false;
    await completeEntry(this.deps.db, entry.id, locate(items, entry)?.id, this.now());
    this.result.swapped.push(...planned.swapped);
    this.result.done++;
    this.deps.onChange?.();
    return false;
  }

  /**
   * A fresh profile, or why there is none. A read changes nothing at Bungie: a transient failure is
   * tried again after a short pause (a couple of times) rather than holding the move back.
   */
  private async read(): Promise<ProfileResponse | CallFailure> {
    for (let failedReads = 1; ; failedReads++) {
      try {
        return await this.deps.fetchProfile();
      } catch (error) {
        const failure = asFailure(error);
        const pause = this.online() ? readRetryPause(failedReads, failure) : undefined;
        if (pause === undefined) return failure;
        await this.sleep(pause);
      }
    }
  }

  /** `settled`: an answer said the step sent did or did not happen, so none is in flight. */
  private async retryLater(
    entry: OutboxEntry,
    failure: CallFailure,
    { settled = false } = {}
  ): Promise<void> {
    const kind = classifyFailure(failure.status, failure.code);
    // With the device offline the move has not failed: it waits for the network (the page's
    // "online" event and Background Sync both wake it), and its backoff does not grow meanwhile.
    const deviceOffline = failure.status === 0 && !this.online();
    const attempts = deviceOffline ? entry.attempts : entry.attempts + 1;
    const at =
      kind === 'signed-out'
        ? this.now()
        : deviceOffline
          ? this.now() + OFFLINE_RECHECK_MS
          : nextTryAt(this.now(), attempts, failure.retryAfterSeconds);
    await updateEntry(this.deps.db, entry.id, {
      attempts,
      nextTryAt: at,
      problem: failure.message,
      waitsForOrbit: failure.code === 'in_activity' ? true : undefined,
      ...(settled && { inFlight: undefined })
    });
    this.deps.onChange?.();
    if (kind === 'signed-out') this.result.signedOut = true;
    // An equip waiting for orbit does not stop the drain: the moves queued after it go on.
    else if (failure.code !== 'in_activity') this.result.waitUntil = at;
  }

  private async fail(entry: OutboxEntry, problem: string, code?: string): Promise<void> {
    await updateEntry(this.deps.db, entry.id, {
      state: 'failed',
      problem,
      attempts: entry.attempts + 1,
      inFlight: undefined,
      ...(code && isFinalRefusal(code) && { final: true })
    });
    this.result.failed++;
    this.deps.onChange?.();
  }
}
