import type { SlimItem } from '../shards/slim-item.ts';
import type { MoveRequest } from '../moves/intent.ts';
import { offerActions, type OfferCharacter } from './item-offer.ts';
import type { InventoryItem } from './model.ts';

/** What a player can do to every result of a search at once. */
export type BulkAction = { kind: 'lock'; locked: boolean } | { kind: 'transfer'; to: string };

/**
 * The moves a bulk action makes: one per item the game's rules allow it on (as the item sheet
 * would offer it), and how many items it leaves out (already there, already locked, not movable).
 */
export function bulkRequests(
  items: readonly InventoryItem[],
  action: BulkAction,
  definition: (hash: number) => SlimItem | undefined,
  characters: readonly OfferCharacter[],
  equippable: (bucketHash: number) => boolean
): { moves: { item: InventoryItem; request: MoveRequest }[]; skipped: number } {
  const moves: { item: InventoryItem; request: MoveRequest }[] = [];
  for (const item of items) {
    const offered = offerActions(
      item,
      definition(item.hash),
      characters,
      equippable(item.bucketHash)
    ).actions.find(({ request }) =>
      action.kind === 'lock'
        ? request.kind === 'lock' && request.locked === action.locked
        : request.kind === 'transfer' && request.to === action.to
    );
    if (offered) moves.push({ item, request: offered.request });
  }
  return { moves, skipped: items.length - moves.length };
}
