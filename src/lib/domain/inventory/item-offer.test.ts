import { describe, expect, it } from 'vitest';
import { BucketHashes } from '../../bungie/hashes.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import { offerActions, showsPower, type OfferCharacter } from './item-offer.ts';
import type { InventoryItem } from './model.ts';

const HUNTER = 'c-hunter';
const TITAN = 'c-titan';
const WARLOCK = 'c-warlock';
const characters: OfferCharacter[] = [
  { characterId: HUNTER, classType: 1, name: 'Hunter' },
  { characterId: TITAN, classType: 0, name: 'Titan' },
  { characterId: WARLOCK, classType: 2, name: 'Warlock' }
];

function item(overrides: Partial<InventoryItem>): InventoryItem {
  return {
    id: '6917529000000000001',
    hash: 1,
    instanced: true,
    bucketHash: BucketHashes.KineticWeapons,
    locationBucketHash: BucketHashes.Vault,
    owner: 'vault',
    equipped: false,
    locked: false,
    quantity: 1,
    transferable: true,
    ...overrides
  } as InventoryItem;
}

const weapon: SlimItem = { name: 'Posterity', tier: 5, type: 3, classType: 3, equippable: true };
const hunterHelmet: SlimItem = { name: 'Hood', tier: 5, type: 2, classType: 1, equippable: true };
const subclass: SlimItem = { name: 'Nightstalker', tier: 5, type: 16, classType: 1 };

const labels = (...args: Parameters<typeof offerActions>) =>
  offerActions(...args).actions.map((a) => a.label);

describe('offerActions', () => {
  it.each([
    [
      'a weapon in the vault: every transfer and equip, and Lock',
      item({}),
      weapon,
      [
        'Transfer to Hunter',
        'Transfer to Titan',
        'Transfer to Warlock',
        'Equip on Hunter',
        'Equip on Titan',
        'Equip on Warlock',
        'Lock'
      ]
    ],
    [
      'Hunter armor on the Hunter: equipped only on a Hunter',
      item({
        owner: HUNTER,
        locationBucketHash: BucketHashes.Helmet,
        bucketHash: BucketHashes.Helmet,
        locked: true
      }),
      hunterHelmet,
      ['Transfer to Vault', 'Transfer to Titan', 'Transfer to Warlock', 'Equip on Hunter', 'Unlock']
    ],
    [
      'an equipped weapon: not equipped again where it is',
      item({ owner: HUNTER, locationBucketHash: BucketHashes.KineticWeapons, equipped: true }),
      weapon,
      [
        'Transfer to Vault',
        'Transfer to Titan',
        'Transfer to Warlock',
        'Equip on Titan',
        'Equip on Warlock',
        'Lock'
      ]
    ],
    [
      'a postmaster item: Pull, and no transfer to its own character beside it',
      item({ owner: HUNTER, locationBucketHash: BucketHashes.LostItems }),
      weapon,
      [
        'Pull from postmaster',
        'Transfer to Vault',
        'Transfer to Titan',
        'Transfer to Warlock',
        'Equip on Hunter',
        'Equip on Titan',
        'Equip on Warlock',
        'Lock'
      ]
    ],
    [
      'a subclass: equip on its own character only, no transfer, no lock',
      item({
        owner: HUNTER,
        bucketHash: BucketHashes.Subclass,
        locationBucketHash: BucketHashes.Subclass,
        transferable: false
      }),
      subclass,
      ['Equip on Hunter']
    ],
    [
      'an engram: transfers only',
      item({
        owner: HUNTER,
        bucketHash: BucketHashes.Engrams,
        locationBucketHash: BucketHashes.Engrams
      }),
      { name: 'Engram', tier: 5, type: 8 },
      ['Transfer to Vault', 'Transfer to Titan', 'Transfer to Warlock']
    ]
  ])('%s', (_, shown, definition, expected) => {
    const equippable = definition.equippable === true || definition.type === 16;
    expect(labels(shown, definition, characters, equippable)).toEqual(expected);
  });

  it('says why an action a player looks for is missing', () => {
    const helmet = item({ bucketHash: BucketHashes.Helmet });
    expect(offerActions(helmet, hunterHelmet, characters, true).notes).toEqual([
      'Only a Hunter can equip it.'
    ]);
    const bound = item({
      owner: TITAN,
      locationBucketHash: BucketHashes.KineticWeapons,
      transferable: false
    });
    expect(offerActions(bound, weapon, characters, true)).toMatchObject({
      actions: [{ label: 'Equip on Titan' }, { label: 'Lock' }],
      notes: ['The game does not let this item leave its character.']
    });
  });
});

describe('showsPower', () => {
  it.each([
    ['a weapon', weapon, true],
    ['armor', hunterHelmet, true],
    ['a subclass', subclass, false],
    ['an engram', { name: 'Engram', tier: 5, type: 8 }, false],
    ['the artifact', { name: 'Artifact', tier: 6, type: 0 }, false],
    ['an item with no definition (Classified)', undefined, true]
  ])('%s → %s', (_, definition, expected) => {
    expect(showsPower(definition as SlimItem | undefined)).toBe(expected);
  });
});
