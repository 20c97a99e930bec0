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
  /**
   * `amount`: how many of a stack to move (a split, in one hop: between the vault and a
   * character); the whole stack without it.
   */
  | { kind: 'transfer'; to: ItemOwner; amount?: number }
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
  /** How many of a stack move (1 for an instanced item). */
  stackSize: number;
  /**
   * For a split (part of a stack moves): how many of it the place it leaves, and the place it goes
   * to, held when the player asked. The stack's place cannot show the move done (part stays).
   */
  fromQuantity?: number;
  toQuantity?: number;
  /** Epoch ms. */
  createdAt: number;
  /** The Destiny membership it was made for: it never runs against another account. */
  membershipId?: string;
}
