import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { slimItemDetails, type ItemDetailInput } from '../inventory/item-details.ts';
import type { ShardFile } from '../shards/build-shards.ts';
import { parseWishlist } from './parse-wishlist.ts';
import {
  buildWishlistShards,
  judgeRoll,
  markRolls,
  readWishlistPage,
  WISHLIST_PAGES,
  wishlistPageOf,
  type WishlistPage
} from './wishlist-shards.ts';

const digest = async (text: string) => createHash('sha256').update(text).digest('hex');
const fixture = (path: string) =>
  readFileSync(new URL(`../../../../test/fixtures/${path}`, import.meta.url));

async function build(text: string) {
  const files: ShardFile[] = [];
  const index = await buildWishlistShards({
    parsed: parseWishlist(text),
    source: 'https://lists.example/voltron.txt',
    textDigest: await digest(text),
    digest,
    emit: async (file) => void files.push(file)
  });
  const pages = index.pages.map(
    (p) => JSON.parse(files.find((f) => f.key === p.key)!.body) as WishlistPage
  );
  const rolls = new Map(pages.flatMap((page) => [...readWishlistPage(page)]));
  return { index, files, pages, rolls };
}

describe('wish-list shards', () => {
  const text = [
    'title:A list',
    '//notes:Good in PvE',
    'dimwishlist:item=1001&perks=1,2',
    'dimwishlist:item=1001&perks=1,3',
    'dimwishlist:item=-1002&perks=4#notes:Bad',
    'dimwishlist:item=-69420&perks=9'
  ].join('\n');

  it('pages rolls by item hash, wildcard rolls on page 0, each note written once a page', async () => {
    const { index, pages, rolls } = await build(text);
    expect(index).toMatchObject({ title: 'A list', rolls: 4 });
    expect(index.pages).toHaveLength(WISHLIST_PAGES);
    expect(wishlistPageOf(-69420)).toBe(0);
    const page = pages[wishlistPageOf(1001)]!;
    expect(page.notes).toEqual(['Good in PvE']);
    expect(page.rolls['1001']).toEqual([
      [[1, 2], 0],
      [[1, 3], 0]
    ]);
    // What a device reads back is what was parsed.
    expect(rolls).toEqual(parseWishlist(text).rolls);
  });

  it('judges a roll: a wished roll first, else a trash roll, else nothing', async () => {
    const { rolls } = await build(text);
    expect(judgeRoll(rolls, 1001, new Set([1, 2, 7]))).toEqual({
      kind: 'wish',
      perks: [1, 2],
      notes: 'Good in PvE'
    });
    expect(judgeRoll(rolls, 1001, new Set([2, 3]))).toBeUndefined();
    expect(judgeRoll(rolls, 1002, new Set([4]))).toEqual({
      kind: 'trash',
      perks: [4],
      notes: 'Bad'
    });
    // A wildcard roll judges any item.
    expect(judgeRoll(rolls, 5555, new Set([9]))).toMatchObject({ kind: 'wish', perks: [9] });
  });

  it('keeps every key of a list fetched again unchanged', async () => {
    const first = await build(text);
    const again = await build(text);
    expect(again.index.pages.map((p) => p.key)).toEqual(first.index.pages.map((p) => p.key));
  });
});

describe('the real 48klocs list against the real 2021 profile', () => {
  it('marks the 93 instances whose visible sockets hold every perk of a listed roll', async () => {
    const text = gunzipSync(fixture('wishlists/voltron.48klocs-2021-04-11.txt.gz')).toString(
      'utf8'
    );
    const { index, rolls } = await build(text);
    expect(index.pages.reduce((n, p) => n + p.count, 0)).toBe(30_848);
    type Item = { itemInstanceId?: string; itemHash: number };
    const profile = JSON.parse(fixture('bungie/GetProfile.dim-2021-05-28.json').toString('utf8'))
      .Response as {
      itemComponents: ItemDetailInput;
      profileInventory: { data: { items: Item[] } };
      characterInventories: { data: Record<string, { items: Item[] }> };
      characterEquipment: { data: Record<string, { items: Item[] }> };
    };
    const details = slimItemDetails(profile.itemComponents);
    const hashOf = new Map(
      [
        profile.profileInventory.data.items,
        ...Object.values(profile.characterInventories.data).map((c) => c.items),
        ...Object.values(profile.characterEquipment.data).map((c) => c.items)
      ]
        .flat()
        .filter((item) => item.itemInstanceId)
        .map((item) => [item.itemInstanceId!, item.itemHash])
    );
    const items = [...hashOf].map(([id, hash]) => ({ id, hash, instanced: true }));
    const marks = markRolls(items, details, rolls);
    const wished = [...marks].filter(([, mark]) => mark.kind === 'wish').map(([id]) => id);
    expect(wished).toHaveLength(93);
    expect(wished).toContain('6917529347785123419');
    // The list has no trash rolls.
    expect(marks.size).toBe(93);
  });

  it('an enhanced perk counts as its base perk, and a base perk as its enhanced one', () => {
    // Outlaw (1) and its enhanced version (11); Rampage (2) and its enhanced version (12).
    const baseOf = new Map([
      [11, 1],
      [12, 2]
    ]);
    const rolls = new Map([
      [100, [{ perks: [1, 2], notes: 'Outlaw + Rampage' }]],
      [200, [{ perks: [12], notes: 'Enhanced Rampage named' }]]
    ]);
    const item = (id: string, hash: number) => ({ id, hash, instanced: true });
    const details = {
      enhanced: { sockets: [[11, 3], [2]] },
      base: { sockets: [[1], [4]] },
      named: { sockets: [[2]] },
      none: { sockets: [[11], [4]] }
    };
    const marks = markRolls(
      [item('enhanced', 100), item('base', 100), item('named', 200), item('none', 100)],
      details,
      rolls,
      baseOf
    );
    // The sheet highlights the list's perks and the item's own plugs that stood in for them.
    expect(marks.get('enhanced')).toEqual({
      kind: 'wish',
      perks: [1, 2, 11],
      notes: 'Outlaw + Rampage'
    });
    expect(marks.get('named')).toEqual({
      kind: 'wish',
      perks: [12, 2],
      notes: 'Enhanced Rampage named'
    });
    expect(marks.has('base')).toBe(false);
    expect(marks.has('none')).toBe(false);
    // Without the pairs, the enhanced roll is not the base one.
    expect(markRolls([item('enhanced', 100)], details, rolls).size).toBe(0);
  });
});
