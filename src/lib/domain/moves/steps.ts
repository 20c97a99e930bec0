import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem, ItemOwner } from '../inventory/model.ts';

/** One Bungie action. `itemId` is the snapshot's id; `instanced` says whether Bungie knows it by id. */
export type Step =
  | {
      action: 'transfer';
      itemId: string;
      itemHash: number;
      instanced: boolean;
      stackSize: number;
      characterId: string;
      toVault: boolean;
    }
  | { action: 'equip'; itemId: string; itemHash: number; characterId: string }
  | {
      action: 'pull';
      itemId: string;
      itemHash: number;
      instanced: boolean;
      stackSize: number;
      characterId: string;
    }
  | { action: 'lock'; itemId: string; itemHash: number; characterId: string; locked: boolean };

/** The snapshot after a step succeeded: what the planner and the pending overlay build on. */
export function applyStep(items: readonly InventoryItem[], step: Step): InventoryItem[] {
  const index = items.findIndex((i) => i.id === step.itemId);
  if (index < 0) return [...items];
  const item = items[index]!;
  const next = [...items];
  const place = (changes: Partial<InventoryItem>) => void (next[index] = { ...item, ...changes });
  switch (step.action) {
    case 'lock':
      place({ locked: step.locked });
      break;
    case 'pull':
      moveStack(next, index, step.stackSize, {
        owner: item.owner,
        locationBucketHash: item.bucketHash
      });
      break;
    case 'transfer':
      if (step.toVault)
        moveStack(next, index, step.stackSize, {
          owner: 'vault',
          locationBucketHash: BucketHashes.Vault,
          equipped: false
        });
      else
        moveStack(next, index, step.stackSize, {
          owner: step.characterId,
          locationBucketHash: item.bucketHash,
          equipped: false
        });
      break;
    case 'equip':
      for (let i = 0; i < next.length; i++) {
        const other = next[i]!;
        if (
          other.owner === step.characterId &&
          other.equipped &&
          other.bucketHash === item.bucketHash
        )
          next[i] = { ...other, equipped: false };
      }
      place({ equipped: true, owner: step.characterId, locationBucketHash: item.bucketHash });
      break;
  }
  return next;
}

/** Moves a whole item, or part of a stack (merging into a stack of the same item already there). */
function moveStack(
  items: InventoryItem[],
  index: number,
  stackSize: number,
  to: { owner: ItemOwner; locationBucketHash: number; equipped?: boolean }
): void {
  const item = items[index]!;
  if (item.instanced || stackSize >= item.quantity) {
    items[index] = { ...item, ...to };
    return;
  }
  items[index] = { ...item, quantity: item.quantity - stackSize };
  const there = items.findIndex(
    (i) =>
      !i.instanced &&
      i.hash === item.hash &&
      i.owner === to.owner &&
      i.locationBucketHash === to.locationBucketHash
  );
  if (there >= 0) items[there] = { ...items[there]!, quantity: items[there]!.quantity + stackSize };
  else
    items.push({
      ...item,
      ...to,
      id: `${item.hash}:${to.owner}:${to.locationBucketHash}:moved`,
      quantity: stackSize
    });
}
