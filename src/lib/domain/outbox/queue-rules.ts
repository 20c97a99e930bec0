import type { OutboxEntry } from './entry.ts';

/** Bungie asks for at least 0.1 s between two item actions of one player. */
export const ACTION_SPACING_MS = 100;
const MAX_BACKOFF_MS = 5 * 60_000;

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
 * When to try again after `attempts` failures: what the server asked for (Retry-After) when it
 * said, else 1 s doubling each time, at most 5 minutes.
 */
export function nextTryAt(now: number, attempts: number, retryAfterSeconds?: number): number {
  const wait =
    retryAfterSeconds !== undefined && retryAfterSeconds > 0
      ? retryAfterSeconds * 1000
      : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return now + wait;
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
