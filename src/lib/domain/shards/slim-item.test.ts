import { describe, expect, it } from 'vitest';
import { iconPath, slimItem } from './slim-item.ts';

describe('slimItem', () => {
  it.each([
    {
      name: 'an exotic hand cannon keeps what the UI and planner read',
      def: {
        hash: 1,
        displayProperties: {
          name: 'Hawkmoon',
          icon: '/common/destiny2_content/icons/abc.jpg',
          description: 'long text'
        },
        inventory: { bucketTypeHash: 1498876634, tierType: 6, maxStackSize: 1 },
        itemType: 3,
        itemSubType: 11,
        classType: 3,
        defaultDamageType: 1,
        itemTypeDisplayName: 'Hand Cannon',
        equippable: true,
        equippingBlock: { uniqueLabel: 'exotic_weapon' },
        sockets: { socketEntries: [1, 2, 3] }
      },
      expected: {
        bucketHash: 1498876634,
        item: {
          name: 'Hawkmoon',
          icon: 'abc.jpg',
          tier: 6,
          type: 3,
          subType: 11,
          damageType: 1,
          typeName: 'Hand Cannon',
          equippable: true,
          uniqueLabel: 'exotic_weapon'
        }
      }
    },
    {
      name: 'a Titan helmet keeps its class',
      def: {
        displayProperties: { name: 'Helm' },
        inventory: { bucketTypeHash: 3448274439, tierType: 5 },
        itemType: 2,
        classType: 0,
        equippable: true
      },
      expected: {
        bucketHash: 3448274439,
        item: { name: 'Helm', tier: 5, type: 2, classType: 0, equippable: true }
      }
    },
    {
      name: 'a stackable, non-transferrable consumable',
      def: {
        displayProperties: { name: 'Glimmer Cache' },
        inventory: { bucketTypeHash: 1469714392, tierType: 3, maxStackSize: 100 },
        itemType: 9,
        nonTransferrable: true
      },
      expected: {
        bucketHash: 1469714392,
        item: { name: 'Glimmer Cache', tier: 3, type: 9, nonTransferrable: true, maxStack: 100 }
      }
    }
  ])('$name', ({ def, expected }) => {
    expect(slimItem(def)).toEqual(expected);
  });

  it.each([
    ['redacted', { redacted: true, inventory: { bucketTypeHash: 1 } }],
    ['without a bucket', { displayProperties: { name: 'Plug' }, inventory: { bucketTypeHash: 0 } }],
    ['without inventory', { displayProperties: { name: 'Lore' } }]
  ])('drops an entry %s', (_name, def) => {
    expect(slimItem(def)).toBeUndefined();
  });

  it('gives the full icon path back', () => {
    expect(iconPath({ name: 'x', tier: 0, type: 0, icon: 'abc.jpg' })).toBe(
      '/common/destiny2_content/icons/abc.jpg'
    );
    expect(iconPath({ name: 'x', tier: 0, type: 0 })).toBeUndefined();
  });
});
