import type { OutboxEntry } from './entry.ts';

/** Bungie asks for at least 0.1 s between two item actions of one player. */
export const ACTION_SPACING_MS = 100;
const MAX_BACKOFF_MS = 5 * 60_000;
/**
 * The first retry of a move after a transient failure: as soon as Bungie allows two actions of a
 * player. Every retry begins with a fresh read of where the items are (a step that did happen is
 * seen and never sent again), so a failing Bungie hears at most a read and an action per retry,
 * and fewer as the waits double.
 */
const FIRST_RETRY_MS = ACTION_SPACING_MS;
/**
 * A read (the profile) changes nothing at Bungie, so a transient failure of one is tried again at
 * once, after these pauses, before the move waits at all.
 */
const READ_RETRY_PAUSES_MS = [100, 300];
/** Server failures a moment's pause does not change. */
const NOT_PASSING_AT_ONCE = new Set(['bungie_maintenance', 'bungie_app_misconfigured']);

/**
 * The longest the edge waits for Bungie to answer one item action. It never sends an action again
 * by itself (a throttled one is answered 429 with Retry-After, for the device to wait), except
 * once after renewing a rejected token, which Bungie refused before doing anything.
 */
export const ACTION_CALL_TIMEOUT_MS = 5_000;

/**
 * After this long from its sending, an action whose answer was lost has landed or never will: two
 * calls at the edge's limit, and a margin. Until then a fresh read that shows it not done yet does
 * not prove it will not land, so the same step is not sent again.
 */
export const UNKNOWN_OUTCOME_SETTLE_MS = 2 * ACTION_CALL_TIMEOUT_MS + 2_000;

/**
 * Whether an action that failed this way may still happen at Bungie: no answer at all (the
 * request may have left), or the edge stopped waiting for Bungie. Any other answer came after
 * Bungie's own (or instead of any call to it), so the step is settled either way.
 */
export function outcomeMayStillLand(failure: { status: number; code: string }): boolean {
  return failure.status === 0 || failure.code === 'bungie_timeout';
}

/**
 * Until when a step must not be sent: when it is the step in flight (`inFlight`, sent and not heard
 * of) and that may still land. A fresh read that shows it done plans no such step, and a different
 * step (the one in flight did land) can go at once.
 */
export function unsettledUntil(
  inFlight: { step: string; sentAt: number } | undefined,
  nextStep: string,
  now: number
): number | undefined {
  if (!inFlight || inFlight.step !== nextStep) return undefined;
  const settled = inFlight.sentAt + UNKNOWN_OUTCOME_SETTLE_MS;
  return now < settled ? settled : undefined;
}

/** What to do with an intent after a failed call. */
export type FailureKind =
  /** Network, 5xx, throttled, maintenance: keep it pending and try again later. */
  | 'retry'
  /** The session ended: keep it pending until the player signs in again. */
  | 'signed-out'
  /** The game or the edge refused it: trying again will not help. */
  | 'fail';

/** Classifies a failed /api call by its status (0 when there was no answer) and error code. */
export function classifyFailure(status: number, code: string): FailureKind {
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  // The character is in an activity: the equip waits for orbit or a social space by itself.
  if (code === 'in_activity') return 'retry';
  if (status === 401 || code === 'signed_out') return 'signed-out';
  return 'fail';
}

/**
 * Refusals that no retry can change (the item's own rules, or it is gone): the player is not
 * offered Retry for them. Room, an exotic clash or an activity can change, so those keep Retry.
 */
const FINAL_REFUSALS = new Set([
  'not_found',
  'not_transferable',
  'wrong_class',
  'cannot_equip',
  'action_forbidden'
]);

/** Whether a failure with this code (the planner's reason or the edge's error code) is for good. */
export function isFinalRefusal(code: string): boolean {
  return FINAL_REFUSALS.has(code);
}

/**
 * When to try again after `attempts` failures: exactly what the server asked for (Retry-After)
 * when it said, else 0.1 s doubling each time (0.1, 0.2, 0.4, 0.8 s…), at most 5 minutes.
 */
export function nextTryAt(now: number, attempts: number, retryAfterSeconds?: number): number {
  const wait =
    retryAfterSeconds !== undefined && retryAfterSeconds > 0
      ? retryAfterSeconds * 1000
      : Math.min(MAX_BACKOFF_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return now + wait;
}

/**
 * The pause before reading the profile again after `failedReads` failed reads in a row, or
 * undefined when the move should wait its turn instead: the failure was not transient (refused,
 * signed out), the server said how long to wait (throttled, over quota: Retry-After), Bungie is
 * down for maintenance (a moment changes nothing), or the prompt retries are used up.
 */
export function readRetryPause(
  failedReads: number,
  failure: { status: number; code: string; retryAfterSeconds?: number }
): number | undefined {
  const transient =
    failure.status === 0 ||
    failure.status === 408 ||
    (failure.status >= 500 && !NOT_PASSING_AT_ONCE.has(failure.code));
  if (!transient || failure.retryAfterSeconds) return undefined;
  return READ_RETRY_PAUSES_MS[failedReads - 1];
}

/**
 * The intent to run next, or why none: intents run strictly in the order they were made, so the
 * oldest pending one goes first and the others wait behind it (a later move may depend on it).
 * Failed intents do not hold the queue up, nor does an equip waiting for its character to leave
 * an activity (that can take an hour; the player's other moves go on meanwhile).
 */
export function nextToRun(
  entries: readonly OutboxEntry[],
  now: number
): { entry: OutboxEntry } | { waitUntil: number } | { idle: true } {
  const pending = entries
    .filter((e) => e.state === 'pending')
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  let waitUntil = Infinity;
  for (const entry of pending) {
    if (entry.nextTryAt <= now) return { entry };
    waitUntil = Math.min(waitUntil, entry.nextTryAt);
    if (!entry.waitsForOrbit) return { waitUntil };
  }
  return Number.isFinite(waitUntil) ? { waitUntil } : { idle: true };
}

/** Bungie's EquipItems takes a character's set at once; more than this is no loadout. */
export const EQUIP_BATCH_MAX = 20;

/**
 * The equips that can go to Bungie together with `first` (itself first): the pending, due equips
 * right after it in the queue that belong to the same loadout application and go on the same
 * character, one per item. Anything else in between ends the batch: order is kept.
 */
export function equipBatch(
  entries: readonly OutboxEntry[],
  first: OutboxEntry,
  now: number
): OutboxEntry[] {
  const applyId = first.loadout?.applyId;
  if (first.kind !== 'equip' || !applyId) return [first];
  const pending = entries
    .filter((e) => e.state === 'pending')
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const batch = [first];
  for (const entry of pending.slice(pending.findIndex((e) => e.id === first.id) + 1)) {
    const joins =
      entry.kind === 'equip' &&
      entry.loadout?.applyId === applyId &&
      entry.to === first.to &&
      entry.nextTryAt <= now &&
      !batch.some((e) => e.itemId === entry.itemId);
    if (!joins || batch.length >= EQUIP_BATCH_MAX) break;
    batch.push(entry);
  }
  return batch;
}

/** How long to wait before the next action so two never come closer than ACTION_SPACING_MS. */
export function spacingWait(lastActionAt: number | undefined, now: number): number {
  if (lastActionAt === undefined) return 0;
  return Math.max(0, lastActionAt + ACTION_SPACING_MS - now);
}
