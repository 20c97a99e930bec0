import type { ItemOwner } from '../inventory/model.ts';

/**
 * What the player asked for, kept on the device before anything else happens. An intent says
 * where an item should end up, not how: the planner works out the steps against the latest
 * snapshot each time, so a step already done (a response lost on the way back) is not done twice.
 */
export type MoveIntent = IntentBase & MoveRequest;

/**
 * A move in the player's own words, about one item: what the item sheet offers, a drop on a
 * character asks for, and the outbox keeps (with the item and the account) as an intent.
 */
export type MoveRequest =
  | { kind: 'transfer'; to: ItemOwner }
  | { kind: 'equip'; to: string }
  | { kind: 'pull' }
  | { kind: 'lock'; locked: boolean };

export interface IntentBase {
  /** Made on the device (random), unique per intent. */
  id: string;
  /** The item's id in the snapshot (instance id, or a stack's stable key). */
  itemId: string;
  itemHash: number;
  /** Where the item was when the player asked: finds a stack again after its key changed. */
  from: ItemOwner;
  stackSize: number;
  /** Epoch ms. */
  createdAt: number;
  /** The Destiny membership it was made for: it never runs against another account. */
  membershipId?: string;
}
