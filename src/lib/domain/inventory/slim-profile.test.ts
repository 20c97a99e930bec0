import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { groupBySlot, OTHER_SECTION_NAME, UNKNOWN_SECTION_NAME, vaultUsed } from './sections.ts';
import { slimProfile, type ProfileInput } from './slim-profile.ts';

const fixtures = new URL('../../../../test/fixtures/bungie/', import.meta.url);
const read = (name: string) => {
  const bytes = readFileSync(new URL(name, fixtures));
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
};
type Def = { displayProperties?: { name?: string }; inventory?: { bucketTypeHash?: number } };
const defs: Record<string, Def> = {
  ...read('DestinyInventoryItemDefinition.projected.json.gz'),
  ...read('DestinyInventoryItemDefinition.raw-subset.json.gz')
};
const slotOf = (hash: number) => defs[hash]?.inventory?.bucketTypeHash;
const nameOf = (hash: number) => defs[hash]?.displayProperties?.name;
const profile = read('GetProfile.dim-2021-05-28.json').Response as ProfileInput & {
  profileInventory: { data: { items: unknown[] } };
};
const bucketDefs = read('DestinyInventoryBucketDefinition.2023-04-13.json') as Record<
  string,
  { hash: number; displayProperties: { name: string }; bucketOrder: number }
>;
const labels = new Map(
  Object.values(bucketDefs).map((b) => [
    b.hash,
    { name: b.displayProperties.name, bucketOrder: b.bucketOrder }
  ])
);
const membership = { membershipType: 2, membershipId: '4611686018433092312' };

describe('slimProfile on the real 2021 profile', () => {
  const slim = slimProfile(membership, profile, slotOf);

  it('keeps every item, once, with its owner', () => {
    expect(slim.items).toHaveLength(991);
    expect(new Set(slim.items.map((i) => i.id)).size).toBe(991);
    const count = (owner: string) => slim.items.filter((i) => i.owner === owner).length;
    expect(count('vault')).toBe(467);
    expect(count('account')).toBe(558 - 467);
    expect(slim.items.filter((i) => i.equipped)).toHaveLength(50);
  });

  it('takes the slot from the definition, power from the instance, flags from state', () => {
    const hawkmoonLike = slim.items.find((i) => i.id === '6917529368861287826')!;
    expect(hawkmoonLike).toMatchObject({
      hash: 1119734784,
      bucketHash: 1498876634,
      owner: '2305843009260802821',
      equipped: true,
      power: 1311,
      transferable: true
    });
    const vaultWeapon = slim.items.find((i) => i.owner === 'vault' && i.bucketHash === 2465295065)!;
    expect(vaultWeapon.locationBucketHash).toBe(138197802);
    expect(slim.items.filter((i) => i.locked).length).toBeGreaterThan(90);
    expect(slim.items.filter((i) => i.masterwork).length).toBeGreaterThan(10);
  });

  it('has no gear tiers: they came with Edge of Fate (2025)', () => {
    expect(slim.items.filter((i) => i.gearTier !== undefined)).toEqual([]);
  });

  it("takes an instance's gear tier where Bungie sends one", () => {
    const withTier = slimProfile(
      membership,
      {
        ...profile,
        itemComponents: {
          instances: {
            data: { '6917529368861287826': { primaryStat: { value: 1311 }, gearTier: 4 } }
          }
        }
      },
      slotOf
    );
    expect(withTier.items.find((i) => i.id === '6917529368861287826')).toMatchObject({
      power: 1311,
      gearTier: 4
    });
  });

  it('marks crafted items where their state says so, and no others (the 2021 profile predates crafting)', () => {
    expect(slim.items.filter((i) => i.crafted)).toEqual([]);
    // A generated copy of the profile with one instance's state given the Crafted bit (8).
    const items = profile.profileInventory.data.items as {
      itemInstanceId?: string;
      state: number;
    }[];
    const target = items.find((i) => i.itemInstanceId)!;
    const crafted = slimProfile(
      membership,
      {
        ...profile,
        profileInventory: {
          data: {
            items: items.map((i) => (i === target ? { ...i, state: i.state | 8 } : i))
          }
        }
      } as ProfileInput,
      slotOf
    );
    expect(crafted.items.filter((i) => i.crafted).map((i) => i.id)).toEqual([
      target.itemInstanceId
    ]);
  });

  it('gives stacks ids that stay the same across refreshes', () => {
    const again = slimProfile(membership, profile, slotOf);
    const stackIds = slim.items.filter((i) => !i.instanced).map((i) => i.id);
    expect(stackIds.length).toBeGreaterThan(50);
    expect(again.items.filter((i) => !i.instanced).map((i) => i.id)).toEqual(stackIds);
    expect(stackIds.filter((id) => id.startsWith('685157383:account:1469714392:'))).toHaveLength(3);
  });

  it('has no in-game loadouts (the 2021 capture predates them); takes the slots Bungie sends', () => {
    expect(slim.inGameLoadouts).toBeUndefined();
    const hunter = '2305843009260802821';
    const withSlots = slimProfile(
      membership,
      {
        ...profile,
        characterLoadouts: {
          data: {
            [hunter]: {
              loadouts: [
                {
                  nameHash: 1,
                  iconHash: 2,
                  colorHash: 3,
                  items: [{ itemInstanceId: '6917529201498785355' }, { itemInstanceId: '0' }]
                },
                { nameHash: 4, iconHash: 5, colorHash: 6, items: [{ itemInstanceId: '0' }] }
              ]
            }
          }
        }
      },
      slotOf
    );
    expect(withSlots.inGameLoadouts?.[hunter]).toEqual([
      { index: 0, nameHash: 1, iconHash: 2, colorHash: 3, itemIds: ['6917529201498785355'] },
      { index: 1, nameHash: 4, iconHash: 5, colorHash: 6, itemIds: [] }
    ]);
    // Every character has its list, however many slots Bungie gives (none here for the others).
    expect(Object.keys(withSlots.inGameLoadouts!)).toHaveLength(3);
  });

  it('lists characters most recently played first, with numbers where Bungie sent strings', () => {
    expect(slim.characters.map((c) => c.classType)).toEqual([1, 0, 2]);
    expect(slim.characters[0]).toMatchObject({
      light: 1314,
      minutesPlayedTotal: 75957,
      emblemColor: { red: 117, green: 8, blue: 6 }
    });
    expect(slim.mintedAt).toBe(profile.responseMintedTimestamp);
  });

  it('is a fraction of the GetProfile it came from', () => {
    const raw = JSON.stringify({
      ...profile,
      profilePlugSets: undefined,
      characterPlugSets: undefined,
      itemComponents: { instances: profile.itemComponents?.instances }
    });
    expect(JSON.stringify(slim).length / raw.length).toBeLessThan(0.5);
  });
});

describe('groupBySlot', () => {
  const slim = slimProfile(membership, profile, slotOf);
  const vault = slim.items.filter((i) => i.owner === 'vault');

  it('groups the vault by slot in the game order, unknown items last', () => {
    const sections = groupBySlot(vault, labels, nameOf);
    expect(sections.slice(0, 6).map((s) => s.name)).toEqual([
      'Kinetic Weapons',
      'Energy Weapons',
      'Power Weapons',
      'Helmet',
      'Gauntlets',
      'Chest Armor'
    ]);
    expect(sections.at(-1)!.name).toBe(UNKNOWN_SECTION_NAME);
    expect(sections.reduce((n, s) => n + s.items.length, 0)).toBe(467);
    expect(sections.find((s) => s.name === 'Energy Weapons')!.items).toHaveLength(106);
    const kinetic = sections[0]!.items.map((i) => i.power ?? 0);
    expect(kinetic).toEqual([...kinetic].sort((a, b) => b - a));
  });

  it('counts vault use the way the game does', () => {
    expect(vaultUsed(slim.items)).toBe(467);
  });
});

describe('characterSlots', () => {
  const slim = slimProfile(membership, profile, slotOf);
  it('gives each slot its equipped item and the rest, and the postmaster apart', async () => {
    const { characterSlots } = await import('./sections.ts');
    const hunter = '2305843009260802821';
    const { slots, postmaster } = characterSlots(slim.items, hunter, labels, nameOf);
    expect(slots.slice(0, 3).map((s) => s.name)).toEqual([
      'Kinetic Weapons',
      'Energy Weapons',
      'Power Weapons'
    ]);
    expect(slots[0]!.equipped?.id).toBe('6917529368861287826');
    expect(slots[0]!.inventory).toHaveLength(9);
    expect(slots.every((s) => s.inventory.every((i) => !i.equipped))).toBe(true);
    expect(postmaster.length).toBeGreaterThan(0);
    expect(postmaster.every((i) => i.locationBucketHash === 215593132)).toBe(true);
    const own = slim.items.filter((i) => i.owner === hunter).length;
    expect(
      slots.reduce((n, s) => n + s.inventory.length + (s.equipped ? 1 : 0), 0) + postmaster.length
    ).toBe(own);
  });

  it('names every heading: buckets Bungie leaves unnamed share one, after the named slots', async () => {
    const { characterSlots } = await import('./sections.ts');
    const hunter = '2305843009260802821';
    const { slots } = characterSlots(slim.items, hunter, labels, nameOf);
    expect(slots.filter((s) => !s.name || /^Bucket \d/.test(s.name))).toEqual([]);
    const unnamed = slim.items.filter(
      (i) => i.owner === hunter && labels.has(i.bucketHash) && !labels.get(i.bucketHash)!.name
    );
    expect(unnamed.length).toBeGreaterThan(1);
    const other = slots.filter((s) => s.name === OTHER_SECTION_NAME);
    expect(other).toHaveLength(1);
    expect(new Set(other[0]!.inventory.map((i) => i.id))).toEqual(
      new Set(unnamed.map((i) => i.id))
    );
    expect(
      slots.slice(-1)[0]!.name === OTHER_SECTION_NAME ||
        slots.slice(-1)[0]!.name === UNKNOWN_SECTION_NAME
    ).toBe(true);
  });
});
