import { locate, planIntent, type PlanRules } from '$lib/domain/moves/plan';
import { applyStep, type Step } from '$lib/domain/moves/steps';
import type { OutboxEntry } from '$lib/domain/moves/intent';
import { classifyFailure, nextToRun, nextTryAt, spacingWait } from '$lib/domain/outbox/queue-rules';
import type { InventoryItem, ProfileResponse } from '$lib/shared/api-shapes';
import type { VaultDatabase } from '../db/database';
import { completeEntry, readOutbox, readPlaced, updateEntry } from './outbox';

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
  /** A fresh profile from Bungie: where every item really is, re-read before each intent. */
  fetchProfile(): Promise<ProfileResponse>;
  /**
   * Carries out one step for the account the move was made for (the edge refuses it for any other);
   * throws a CallFailure-shaped error when it did not happen.
   */
  perform(step: Step, membershipId?: string): Promise<void>;
  rules(profile: ProfileResponse): PlanRules;
  /** The profile as it is after the runner's successful steps, to show without another fetch. */
  onApplied?(profile: ProfileResponse): Promise<void> | void;
  /** Something in the outbox changed. */
  onChange?(): void;
  now?(): number;
  sleep?(ms: number): Promise<void>;
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
/** How soon a move that met no network looks again, should no "online" event come (ms). */
const OFFLINE_RECHECK_MS = 5_000;

export async function drainOutbox(deps: RunnerDeps): Promise<DrainResult> {
  const now = deps.now ?? Date.now;
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const result: DrainResult = { done: 0, failed: 0, madeRoom: [] };
  let lastActionAt: number | undefined;
  /** Where items are, as far as the runner knows for sure; undefined means "read it again". */
  let known: ProfileResponse | undefined;
  /** The intent whose refusal is being checked against a fresh read. */
  let recheck: string | undefined;

  const retryLater = async (entry: OutboxEntry, failure: CallFailure) => {
    const kind = classifyFailure(failure.status, failure.code);
    // With the device offline the move has not failed: it waits for the network (the page's
    // "online" event and Background Sync both wake it), and its backoff does not grow meanwhile.
    const deviceOffline =
      failure.status === 0 &&
      (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
    const attempts = deviceOffline ? entry.attempts : entry.attempts + 1;
    const at =
      kind === 'signed-out'
        ? now()
        : deviceOffline
          ? now() + OFFLINE_RECHECK_MS
          : nextTryAt(now(), attempts, failure.retryAfterSeconds);
    await updateEntry(deps.db, entry.id, { attempts, nextTryAt: at, problem: failure.message });
    deps.onChange?.();
    if (kind === 'signed-out') result.signedOut = true;
    else result.waitUntil = at;
  };

  for (;;) {
    const next = nextToRun(await readOutbox(deps.db), now());
    if ('idle' in next) return result;
    if ('waitUntil' in next) return { ...result, waitUntil: next.waitUntil };
    const { entry } = next;

    const freshRead = !known;
    if (!known) {
      try {
        known = await deps.fetchProfile();
      } catch (error) {
        const failure = asFailure(error);
        if (classifyFailure(failure.status, failure.code) === 'fail') {
          await fail(entry, failure.message);
          continue;
        }
        await retryLater(entry, failure);
        return result;
      }
    }
    const profile: ProfileResponse = known;
    // Items earlier moves put in place stay there: making room never undoes the player's own move.
    const rules: PlanRules = { ...deps.rules(profile), keep: await readPlaced(deps.db, now()) };
    if (entry.membershipId && entry.membershipId !== profile.membershipId) {
      await fail(
        entry,
        'This move was made for another account. Sign in to that account, then Retry.'
      );
      continue;
    }

    const plan = planIntent(entry, profile.items, rules);
    if ('refusal' in plan) {
      if (!freshRead && recheck !== entry.id) {
        recheck = entry.id;
        known = undefined;
        continue;
      }
      await fail(entry, plan.refusal.message);
      continue;
    }
    if (plan.madeRoom.length) {
      const names = plan.madeRoom.map((i) => rules.definition(i.hash)?.name ?? 'an item');
      await updateEntry(deps.db, entry.id, { madeRoom: names });
      result.madeRoom.push(...names);
    }

    let items: InventoryItem[] = profile.items;
    let outcome: 'done' | 'dismissed' | 'waiting' | 'failed' | 'recheck' = 'done';
    for (const step of plan.steps) {
      const wait = spacingWait(lastActionAt, now());
      if (wait) await sleep(wait);
      // The player may have dismissed it while the runner waited.
      if (!(await deps.db.outbox.where('id').equals(entry.id).count())) {
        outcome = 'dismissed';
        break;
      }
      try {
        await deps.perform(step, entry.membershipId);
      } catch (error) {
        lastActionAt = now();
        const failure = asFailure(error);
        known = undefined; // did it happen? Only a fresh read can tell.
        if (classifyFailure(failure.status, failure.code) !== 'fail') {
          await retryLater(entry, failure);
          outcome = 'waiting';
        } else if (!freshRead && recheck !== entry.id) {
          recheck = entry.id;
          outcome = 'recheck';
        } else {
          await fail(entry, failure.message);
          outcome = 'failed';
        }
        break;
      }
      // Spaced from the answer, not the request: Bungie then sees at least 0.1 s between arrivals.
      lastActionAt = now();
      items = applyStep(items, step);
      // Progress: a later failure of this intent backs off from the start again.
      if (entry.attempts > 0) {
        entry.attempts = 0;
        await updateEntry(deps.db, entry.id, { attempts: 0 });
      }
    }
    if (known) known = { ...profile, items };
    if (plan.steps.length) await deps.onApplied?.({ ...profile, items });
    if (outcome === 'waiting') {
      if (result.signedOut || result.waitUntil !== undefined) return result;
      continue;
    }
    if (outcome !== 'done') continue;
    await completeEntry(deps.db, entry.id, locate(items, entry)?.id, now());
    result.done++;
    deps.onChange?.();
  }

  async function fail(entry: OutboxEntry, problem: string) {
    await updateEntry(deps.db, entry.id, {
      state: 'failed',
      problem,
      attempts: entry.attempts + 1
    });
    result.failed++;
    deps.onChange?.();
  }
}
