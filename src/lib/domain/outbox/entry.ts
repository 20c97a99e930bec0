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
};
