import type { InventoryItem, ItemOwner } from '../inventory/model.ts';
import { heldBy } from './plan.ts';

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
  | { kind: 'lock'; locked: boolean }
  /**
   * One of the character's in-game loadouts (Bungie's EquipLoadout: its items with their mods and
   * subclass setup). Its items must be on the character: an application queues their moves first.
   * The intent's item is the slot's first.
   */
  | { kind: 'equip-loadout'; to: string; loadoutIndex: number; itemIds: string[] };

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
  /** The loadout application this move is part of, when it is. */
  loadout?: LoadoutApplyTag;
}

/**
 * Marks the moves of one application of a loadout: they are shown as one ("Applying Raid: 3 of
 * 9"), and making room for one never moves another of them aside.
 */
export interface LoadoutApplyTag {
  /** Made on the device (random), one per application. */
  applyId: string;
  loadoutId: string;
  name: string;
  /** How many items the application moves or equips. */
  itemCount: number;
  /** Every item of the loadout found in the account, moved or not: none is moved aside to make room. */
  itemIds: string[];
}

/**
 * The intent of a move the player asked for, as the device holds it when they ask: `items` is the
 * inventory they saw (a split remembers how much each side held then).
 */
export function intentFor(
  item: InventoryItem,
  request: MoveRequest,
  context: { id: string; now: number; items: readonly InventoryItem[]; membershipId?: string }
): MoveIntent {
  // Part of a stack (a split) moves `amount`, in one hop (between the vault and a character);
  // anything else moves whole.
  const asked = request.kind === 'transfer' ? Math.round(Number(request.amount)) : NaN;
  const split =
    request.kind === 'transfer' &&
    !item.instanced &&
    Number.isFinite(asked) &&
    asked >= 1 &&
    asked < item.quantity &&
    (item.owner === 'vault' || request.to === 'vault');
  return {
    ...request,
    id: context.id,
    itemId: item.id,
    itemHash: item.hash,
    from: item.owner,
    stackSize: split ? asked : item.quantity,
    ...(split && {
      fromQuantity: heldBy(context.items, item.hash, item.owner),
      toQuantity: heldBy(context.items, item.hash, request.to)
    }),
    createdAt: context.now,
    ...(context.membershipId && { membershipId: context.membershipId })
  };
}
