import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { rollMarks } from '../../src/lib/client/roll-marks.svelte';
import type { InventoryItem } from '../../src/lib/domain/inventory/model';
import type { ShardFile } from '../../src/lib/domain/shards/build-shards';
import { parseWishlist } from '../../src/lib/domain/wishlists/parse-wishlist';
import { buildWishlistShards } from '../../src/lib/domain/wishlists/wishlist-shards';
import { storeShardIndex } from './stored-index';

const MEMBERSHIP = '4611686018433092312';
const digest = async (text: string) => createHash('sha256').update(text).digest('hex');
const WEAPON = 3_899_990_001;
const OUTLAW = 11;
const ENHANCED_OUTLAW = 21;
const RAMPAGE = 12;

/** A device holding a wish list that names Outlaw + Rampage, and a weapon with Enhanced Outlaw. */
async function device(text: string) {
  const id = Math.random().toString(36).slice(2);
  const db = new VaultDatabase(`roll-marks-${id}`);
  const files: ShardFile[] = [];
  const wishlist = await buildWishlistShards({
    parsed: parseWishlist(text),
    source: `https://lists.example/${id}.txt`,
    textDigest: await digest(text + id),
    digest: async (body) => digest(body + id),
    emit: async (file) => void files.push(file)
  });
  await db.shards.bulkPut(
    files.map((f) => ({ key: f.key, kind: 'table' as const, body: JSON.parse(f.body) }))
  );
  const enhancedKey = `detail-enhancedPerks-${id}`;
  await storeShardIndex(db, {
    wishlist,
    details: {
      gear: [],
      plugPages: [],
      tables: [{ name: 'enhancedPerks', key: enhancedKey, bytes: 1 }]
    }
  });
  await db.itemDetails.put({
    membershipId: MEMBERSHIP,
    details: { crafted: { sockets: [[ENHANCED_OUTLAW], [RAMPAGE, 99]] } }
  });
  const pairsArrive = () =>
    db.shards.put({
      key: enhancedKey,
      kind: 'detail',
      body: { schema: 1, enhancedPerks: { [ENHANCED_OUTLAW]: OUTLAW } }
    });
  return { db, pairsArrive };
}

const crafted = { id: 'crafted', hash: WEAPON, instanced: true } as InventoryItem;

describe('the wish list read on the device', () => {
  it('an enhanced perk counts as its base perk once the pairs are on the device', async () => {
    const { db, pairsArrive } = await device(
      `dimwishlist:item=${WEAPON}&perks=${OUTLAW},${RAMPAGE}#notes:Outlaw + Rampage`
    );
    // The pairs are listed but still downloading: judged without them for now.
    await rollMarks.refresh(db, MEMBERSHIP, [crafted]);
    expect(rollMarks.marks.has('crafted')).toBe(false);

    await pairsArrive();
    await rollMarks.refresh(db, MEMBERSHIP, [crafted]);
    expect(rollMarks.marks.get('crafted')).toEqual({
      kind: 'wish',
      perks: [OUTLAW, RAMPAGE, ENHANCED_OUTLAW],
      notes: 'Outlaw + Rampage'
    });
  });
});
