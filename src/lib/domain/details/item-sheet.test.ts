import { describe, expect, it } from 'vitest';
import { StatHashes } from '../../bungie/hashes.ts';
import type { PlugRecord } from './detail-records.ts';
import { armorSetView, buildItemSheet, type SheetTables } from './item-sheet.ts';

const tables: SheetTables = {
  socketTypes: { 10: 3956125808, 11: 4241085061, 12: 2685412949 },
  socketCategories: {
    3956125808: { name: '', style: 4 },
    4241085061: { name: 'WEAPON PERKS', style: 1 },
    2685412949: { name: 'WEAPON MODS', style: 2 }
  },
  statGroups: {
    1: {
      maximumValue: 100,
      scaled: [
        [StatHashes.Range, 100, 0, [0, 0, 100, 100]],
        [StatHashes.Stability, 100, 0, [0, 0, 100, 100]]
      ]
    }
  },
  objectives: { 77: { description: 'Enemies defeated', completionValue: 0 } },
  stats: {
    [StatHashes.Range]: 'Range',
    [StatHashes.Stability]: 'Stability',
    [StatHashes.Weapons]: 'Weapons',
    [StatHashes.Health]: 'Health',
    [StatHashes.Class]: 'Class',
    [StatHashes.Grenade]: 'Grenade',
    [StatHashes.Super]: 'Super',
    [StatHashes.Melee]: 'Melee'
  }
};
const plugs: Record<number, PlugRecord> = {
  100: { name: 'Adaptive Frame', intrinsic: 1, stats: [[StatHashes.Stability, 10]] },
  200: {
    name: 'Corkscrew Rifling',
    description: 'Balanced barrel.',
    stats: [
      [StatHashes.Range, 5],
      [StatHashes.Stability, 5]
    ]
  },
  201: { name: 'Smallbore', stats: [[StatHashes.Range, 7]] },
  300: { name: 'Kill Tracker', objectives: [77] }
};
const plugOf = (hash: number) => plugs[hash];
const gear = {
  socketTypes: [10, 11, 12, 99],
  statGroup: 1,
  stats: [[StatHashes.Range, 40]] as [number, number][]
};

describe('buildItemSheet', () => {
  const sheet = buildItemSheet({
    detail: {
      sockets: [[100], [200, 201, 404], [300], null, [0, 201]],
      plugObjectives: { 300: [[77, 1234, 0]] }
    },
    gear,
    plugOf,
    tables,
    armor: false
  });

  it('groups visible sockets by category, intrinsic first, in words a player reads', () => {
    expect(sheet.groups.map((g) => [g.name, g.sockets.map((s) => s.index)])).toEqual([
      ['Intrinsic', [0]],
      ['Weapon Perks', [1]],
      ['Weapon Mods', [2]],
      // A socket whose type the tables do not know, and an empty one.
      ['Other', [4]]
    ]);
  });

  it('shows the plugged plug and the selectable ones; an unknown plug is Classified', () => {
    const perks = sheet.groups[1]!.sockets[0]!;
    expect(perks.plugged).toMatchObject({
      name: 'Corkscrew Rifling',
      description: 'Balanced barrel.'
    });
    expect(perks.options.map((o) => [o.name, o.known])).toEqual([
      ['Smallbore', true],
      ['Classified', false]
    ]);
    const empty = sheet.groups[3]!.sockets[0]!;
    expect(empty.plugged).toBeUndefined();
    expect(empty.options.map((o) => o.name)).toEqual(['Smallbore']);
  });

  it('says what plugs track', () => {
    expect(sheet.tracked).toEqual([
      {
        plugName: 'Kill Tracker',
        description: 'Enemies defeated',
        progress: 1234,
        completionValue: 0
      }
    ]);
  });

  it('computes stats from the definition and the plugged plugs (the frame as base)', () => {
    expect(sheet.stats.map((s) => [s.name, s.base, s.value])).toEqual([
      ['Range', 40, 45],
      ['Stability', 10, 15]
    ]);
    expect(sheet.total).toBeUndefined();
  });

  it.each([
    ['no stat group', { ...gear, statGroup: undefined }],
    ['a stat group the tables lack', { ...gear, statGroup: 2 }],
    ['no investment stats on the item or its plugs', { socketTypes: [10], statGroup: 1 }],
    ['no gear record at all', undefined]
  ])('shows no stats with %s, never zeros', (_name, gearRecord) => {
    const none = buildItemSheet({
      detail: { sockets: [[999]] },
      gear: gearRecord,
      plugOf,
      tables,
      armor: false
    });
    expect(none.stats).toEqual([]);
  });

  it('without detail shards on the device, every plug is Classified and sockets are Other', () => {
    const bare = buildItemSheet({
      detail: { sockets: [[200, 201]] },
      gear: undefined,
      plugOf: () => undefined,
      tables: undefined,
      armor: false
    });
    expect(bare.groups).toEqual([
      {
        name: 'Other',
        sockets: [
          {
            index: 0,
            plugged: { hash: 200, name: 'Classified', known: false },
            options: [{ hash: 201, name: 'Classified', known: false }]
          }
        ]
      }
    ]);
  });

  it('leaves out a stat the stat table does not name', () => {
    const unnamed = buildItemSheet({
      detail: { sockets: [[100]] },
      gear,
      plugOf,
      tables: { ...tables, stats: { [StatHashes.Range]: 'Range' } },
      armor: false
    });
    expect(unnamed.stats.map((s) => s.name)).toEqual(['Range']);
  });

  it('armor: the six stats with base and total', () => {
    const armor = buildItemSheet({
      detail: { sockets: [[100]] },
      gear: { socketTypes: [10], statGroup: 3 },
      plugOf: () => ({ name: 'Rolled', intrinsic: 1, stats: [[StatHashes.Health, 20]] }),
      tables: { ...tables, statGroups: { 3: { maximumValue: 42, scaled: [] } } },
      armor: true
    });
    expect(armor.stats).toHaveLength(6);
    expect(armor.total).toEqual({ value: 20, base: 20 });
  });
});

describe('armorSetView', () => {
  const set = {
    name: 'Ashen Wake',
    perks: [
      { pieces: 2, name: 'Kindling', description: 'Grenades burn.' },
      { pieces: 4, name: '' }
    ]
  };
  it.each([
    ['in the vault: no count, nothing active', undefined, undefined, [false, false]],
    ['one piece worn', 1, 1, [false, false]],
    ['two pieces worn: the 2-piece bonus', 2, 2, [true, false]],
    ['five pieces worn: both', 5, 5, [true, true]]
  ])('%s', (_, worn, equipped, active) => {
    const view = armorSetView(set, worn);
    expect(view.equipped).toBe(equipped);
    expect(view.perks.map((p) => p.active)).toEqual(active);
    // A bonus whose perk has no name reads as every unknown thing does.
    expect(view.perks.map((p) => p.name)).toEqual(['Kindling', 'Classified']);
  });

  it('the sheet shows the set its gear names, counting what its character wears', () => {
    const sheet = buildItemSheet({
      detail: { sockets: [] },
      gear: { socketTypes: [], set: 800 },
      plugOf: () => undefined,
      tables: { ...tables, armorSets: { 800: set } },
      armor: true,
      setPiecesWorn: 3
    });
    expect(sheet.armorSet).toMatchObject({ name: 'Ashen Wake', equipped: 3 });
    expect(
      buildItemSheet({
        detail: { sockets: [] },
        gear: { socketTypes: [] },
        plugOf: () => undefined,
        tables,
        armor: true
      }).armorSet
    ).toBeUndefined();
  });
});
