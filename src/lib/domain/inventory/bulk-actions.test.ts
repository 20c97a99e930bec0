import { describe, expect, it } from 'vitest';
import { BucketHashes } from '../../bungie/hashes.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import { bulkRequests } from './bulk-actions.ts';
import type { InventoryItem } from './model.ts';

const HUNTER = 'c-hunter';
const characters = [
  { characterId: HUNTER, classType: 1, name: 'Hunter' },
  { characterId: 'c-titan', classType: 0, name: 'Titan' }
];
const weapon: SlimItem = { name: 'Posterity', tier: 5, type: 3, equippable: true };
const item = (id: string, changes: Partial<InventoryItem> = {}) =>
  ({
    id,
    hash: 1,
    instanced: true,
    bucketHash: BucketHashes.KineticWeapons,
    locationBucketHash: BucketHashes.Vault,
    owner: 'vault',
    equipped: false,
    locked: false,
    quantity: 1,
    transferable: true,
    masterwork: false,
    ...changes
  }) as InventoryItem;

const run = (items: InventoryItem[], action: Parameters<typeof bulkRequests>[1]) =>
  bulkRequests(
    items,
    action,
    () => weapon,
    characters,
    () => true
  );

describe('bulkRequests', () => {
  const items = [
    item('unlocked'),
    item('locked', { locked: true }),
    item('on-hunter', { owner: HUNTER, locationBucketHash: BucketHashes.KineticWeapons }),
    item('bound', {
      owner: HUNTER,
      locationBucketHash: BucketHashes.KineticWeapons,
      transferable: false
    }),
    item('subclass', {
      owner: HUNTER,
      bucketHash: BucketHashes.Subclass,
      locationBucketHash: BucketHashes.Subclass,
      transferable: false
    })
  ];

  it('locks what is unlocked and lockable, and counts the rest out', () => {
    const { moves, skipped } = run(items, { kind: 'lock', locked: true });
    expect(moves.map((m) => m.item.id)).toEqual(['unlocked', 'on-hunter', 'bound']);
    expect(moves.every((m) => m.request.kind === 'lock' && m.request.locked)).toBe(true);
    expect(skipped).toBe(2);
  });

  it('moves to the vault only what can leave its character and is not there yet', () => {
    const { moves, skipped } = run(items, { kind: 'transfer', to: 'vault' });
    expect(moves.map((m) => m.item.id)).toEqual(['on-hunter']);
    expect(skipped).toBe(4);
  });

  it('moves to a character what is not already on it', () => {
    const { moves } = run(items, { kind: 'transfer', to: HUNTER });
    expect(moves.map((m) => m.item.id)).toEqual(['unlocked', 'locked']);
  });
});
