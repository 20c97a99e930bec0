import type { MoveIntent } from '../moves/intent.ts';

export type IntentState = 'pending' | 'failed';

/** An intent in the outbox, with how carrying it out has gone so far. */
export type OutboxEntry = MoveIntent & {
  /** Order of arrival; intents run in this order. */
  seq?: number;
  state: IntentState;
  attempts: number;
  /** Epoch ms before which it is not tried again (after a retryable failure). */
  nextTryAt: number;
  /** An equip refused because its character is in an activity: it waits without holding the queue. */
  waitsForOrbit?: true;
  /** The player-facing reason of the last failure. */
  problem?: string;
  /** The failure is for good (the item's own rules refuse it): Retry is not offered. */
  final?: true;
  /** Items moved aside to make room, by name, to tell the player. */
  madeRoom?: string[];
  /**
   * A step sent to Bungie whose answer never came back (no answer, the edge gave up waiting, or
   * the page went away mid-call): it may still land. Cleared once an answer says what happened.
   */
  inFlight?: { step: string; sentAt: number };
};
