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
  | { action: 'lock'; itemId: string; itemHash: number; characterId: string; locked: boolean }
  | {
      action: 'equip-loadout';
      itemId: string;
      itemHash: number;
      characterId: string;
      loadoutIndex: number;
      itemIds: string[];
    };

/**
 * What makes two steps the same request to Bungie: the same action on the same item for the same
 * character, the same way. Two plans of one intent that both hold it would send it twice.
 */
export function stepIdentity(step: Step): string {
  switch (step.action) {
    case 'transfer':
      return `transfer ${step.itemId} ${step.itemHash} ${step.stackSize} ${step.characterId} ${step.toVault}`;
    case 'pull':
      return `pull ${step.itemId} ${step.itemHash} ${step.stackSize} ${step.characterId}`;
    case 'equip':
      return `equip ${step.itemId} ${step.characterId}`;
    case 'lock':
      return `lock ${step.itemId} ${step.characterId} ${step.locked}`;
    case 'equip-loadout':
      return `equip-loadout ${step.characterId} ${step.loadoutIndex}`;
  }
}

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
      equipAt(next, index, step.characterId);
      break;
    case 'equip-loadout':
      for (const id of step.itemIds) {
        const at = next.findIndex((i) => i.id === id);
        if (at >= 0) equipAt(next, at, step.characterId);
      }
      break;
  }
  return next;
}

/** Equips the item at `index` on a character, taking off what its slot held. */
function equipAt(items: InventoryItem[], index: number, characterId: string): void {
  const item = items[index]!;
  for (let i = 0; i < items.length; i++) {
    const other = items[i]!;
    if (other.owner === characterId && other.equipped && other.bucketHash === item.bucketHash)
      items[i] = { ...other, equipped: false };
  }
  items[index] = {
    ...item,
    equipped: true,
    owner: characterId,
    locationBucketHash: item.bucketHash
  };
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
