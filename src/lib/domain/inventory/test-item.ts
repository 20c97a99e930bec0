import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from './model.ts';

/**
 * An item for table tests: instanced, unlocked, transferable, not equipped, in its slot (or the
 * vault's bucket when the vault holds it), with whatever the case changes.
 */
export function testItem(
  fields: Pick<InventoryItem, 'id' | 'hash' | 'bucketHash' | 'owner'> & Partial<InventoryItem>
): InventoryItem {
  return {
    instanced: true,
    locationBucketHash: fields.owner === 'vault' ? BucketHashes.Vault : fields.bucketHash,
    equipped: false,
    quantity: 1,
    locked: false,
    masterwork: false,
    transferable: true,
    ...fields
  };
}
