import { planIntent, type PlanRules } from '$lib/domain/moves/plan';
import { applyStep, type Step } from '$lib/domain/moves/steps';
import type { OutboxEntry } from '$lib/domain/moves/intent';
import { classifyFailure, nextToRun, nextTryAt, spacingWait } from '$lib/domain/outbox/queue-rules';
import type { InventoryItem, ProfileResponse } from '$lib/shared/api-shapes';
import type { VaultDatabase } from '../db/database';
import { readOutbox, removeEntry, updateEntry } from './outbox';

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
  /** Carries out one step; throws a CallFailure-shaped error when it did not happen. */
  perform(step: Step): Promise<void>;
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
  return { status: typeof e?.status === 'number' ? e.status : 0, code: typeof e?.code === 'string' ? e.code : 'offline', message: error instanceof Error ? error.message : String(error), retryAfterSeconds: e?.retryAfterSeconds };
};

/**
 * Carries out the outbox, oldest first, until it is empty or must wait. Before each intent it
 * reads where every item really is and plans from that, so a step that already happened (its
 * answer lost on the way back) is skipped, not repeated: replay is exactly once.
 */
export async function drainOutbox(deps: RunnerDeps): Promise<DrainResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const result: DrainResult = { done: 0, failed: 0, madeRoom: [] };
  let lastActionAt: number | undefined;
  let profile: ProfileResponse | undefined;

  const retryLater = async (entry: OutboxEntry, failure: CallFailure) => {
    const kind = classifyFailure(failure.status, failure.code);
    const attempts = entry.attempts + 1;
    await updateEntry(deps.db, entry.id, { attempts, nextTryAt: kind === 'signed-out' ? now() : nextTryAt(now(), attempts, failure.retryAfterSeconds), problem: failure.message });
    deps.onChange?.();
    if (kind === 'signed-out') result.signedOut = true;
    else result.waitUntil = nextTryAt(now(), attempts, failure.retryAfterSeconds);
  };

  for (;;) {
    const next = nextToRun(await readOutbox(deps.db), now());
    if ('idle' in next) return result;
    if ('waitUntil' in next) return { ...result, waitUntil: next.waitUntil };
    const { entry } = next;

    try {
      profile = await deps.fetchProfile();
    } catch (error) {
      const failure = asFailure(error);
      if (classifyFailure(failure.status, failure.code) === 'fail') {
        await fail(entry, failure.message);
        continue;
      }
      await retryLater(entry, failure);
      return result;
    }

    const plan = planIntent(entry, profile.items, deps.rules(profile));
    if ('refusal' in plan) {
      await fail(entry, plan.refusal.message);
      continue;
    }
    const rules = deps.rules(profile);
    if (plan.madeRoom.length) {
      const names = plan.madeRoom.map((i) => rules.definition(i.hash)?.name ?? 'an item');
      await updateEntry(deps.db, entry.id, { madeRoom: names });
      result.madeRoom.push(...names);
    }

    let items: InventoryItem[] = profile.items;
    let stopped = false;
    for (const step of plan.steps) {
      const wait = spacingWait(lastActionAt, now());
      if (wait) await sleep(wait);
      // The player may have dismissed it while the runner waited.
      if (!(await deps.db.outbox.where('id').equals(entry.id).count())) {
        stopped = true;
        break;
      }
      lastActionAt = now();
      try {
        await deps.perform(step);
      } catch (error) {
        const failure = asFailure(error);
        if (classifyFailure(failure.status, failure.code) === 'fail') await fail(entry, failure.message);
        else await retryLater(entry, failure);
        stopped = true;
        break;
      }
      items = applyStep(items, step);
    }
    profile = { ...profile, items };
    await deps.onApplied?.(profile);
    if (stopped) {
      if (result.waitUntil !== undefined || result.signedOut) return result;
      continue;
    }
    await removeEntry(deps.db, entry.id);
    result.done++;
    deps.onChange?.();
  }

  async function fail(entry: OutboxEntry, problem: string) {
    await updateEntry(deps.db, entry.id, { state: 'failed', problem, attempts: entry.attempts + 1 });
    result.failed++;
    deps.onChange?.();
  }
}
