import { describe, expect, it } from 'vitest';
import { BucketHashes } from '../../bungie/hashes.ts';
import { inventoryBoard } from './board.ts';
import type { InventoryItem } from './model.ts';

const HUNTER = 'c-hunter';
const TITAN = 'c-titan';
const labels = new Map([
  [BucketHashes.KineticWeapons, { name: 'Kinetic Weapons' }],
  [BucketHashes.Helmet, { name: 'Helmet' }],
  [BucketHashes.Consumables, { name: 'Consumables' }]
]);

function item(
  id: string,
  owner: string,
  bucketHash: number,
  changes: Partial<InventoryItem> = {}
): InventoryItem {
  return {
    id,
    hash: 1,
    instanced: true,
    bucketHash,
    locationBucketHash: owner === 'vault' ? BucketHashes.Vault : bucketHash,
    owner,
    equipped: false,
    locked: false,
    quantity: 1,
    transferable: true,
    ...changes
  } as InventoryItem;
}

const ids = (items: readonly InventoryItem[]) => items.map((i) => i.id);

describe('inventoryBoard', () => {
  const board = inventoryBoard(
    [
      item('k-h-eq', HUNTER, BucketHashes.KineticWeapons, { equipped: true, power: 1300 }),
      item('k-h', HUNTER, BucketHashes.KineticWeapons, { power: 1200 }),
      item('k-v', 'vault', BucketHashes.KineticWeapons),
      item('helm-t-eq', TITAN, BucketHashes.Helmet, { equipped: true }),
      item('glimmer', 'vault', BucketHashes.Consumables),
      item('mail', HUNTER, BucketHashes.KineticWeapons, {
        locationBucketHash: BucketHashes.LostItems
      }),
      item('someone-else', 'account', BucketHashes.Consumables)
    ],
    [HUNTER, TITAN],
    labels,
    () => undefined
  );

  it('has every bucket as a row in the game order, a cell per character then the vault', () => {
    expect(board.rows.map((r) => r.name)).toEqual(['Kinetic Weapons', 'Helmet', 'Consumables']);
    for (const row of board.rows)
      expect(row.cells.map((c) => c.owner)).toEqual([HUNTER, TITAN, 'vault']);
  });

  it("keeps a character's equipped item apart and the vault's never", () => {
    const [hunter, titan, vault] = board.rows[0]!.cells;
    expect(hunter!.equipped?.id).toBe('k-h-eq');
    expect(ids(hunter!.items)).toEqual(['k-h']);
    expect(titan).toEqual({ owner: TITAN, items: [] });
    expect(vault!.equipped).toBeUndefined();
    expect(ids(vault!.items)).toEqual(['k-v']);
    expect(board.rows[1]!.cells[1]!.equipped?.id).toBe('helm-t-eq');
  });

  it('puts the postmaster in its own row, per character, and leaves other owners out', () => {
    expect(board.postmaster.map((c) => [c.owner, ids(c.items)])).toEqual([
      [HUNTER, ['mail']],
      [TITAN, []]
    ]);
    const everything = board.rows.flatMap((r) =>
      r.cells.flatMap((c) => [...(c.equipped ? [c.equipped] : []), ...c.items])
    );
    expect(ids(everything)).not.toContain('someone-else');
    expect(ids(everything)).not.toContain('mail');
  });
});
