// Over 200 lines: the search filters' table on the real 2021 profile, with the loading of its fixtures.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { slimProfile, type ProfileInput } from '../../src/lib/domain/inventory/slim-profile.ts';
import type { InventoryItem } from '../../src/lib/domain/inventory/model.ts';
import { slimItem, type SlimItem } from '../../src/lib/domain/shards/slim-item.ts';
import { compileQuery, fold } from '../../src/lib/domain/search/filters.ts';
import { parseQuery } from '../../src/lib/domain/search/parse-query.ts';
import type { ItemSheet } from '../../src/lib/domain/details/item-sheet.ts';
import { deriveItemType } from '../../workers/bungie-sim/src/item-rules.ts';
import { planDimImport } from '../../src/lib/domain/player-data/dim-backup.ts';
import {
  annotationOf,
  applyEdit,
  emptyView
} from '../../src/lib/domain/player-data/player-data-view.ts';

const fixtures = new URL('../fixtures/bungie/', import.meta.url);
const read = (name: string) => {
  const bytes = readFileSync(new URL(name, fixtures));
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
};
type Raw = {
  hash: number;
  itemType?: number;
  itemCategoryHashes?: number[] | null;
  inventory?: { bucketTypeHash?: number };
};
const raw: Record<string, Raw> = {
  ...read('DestinyInventoryItemDefinition.projected.json.gz'),
  ...read('DestinyInventoryItemDefinition.raw-subset.json.gz')
};
// As the simulator serves them: the projection dropped itemType, which Bungie's table has.
const definitions = new Map<number, SlimItem>();
for (const def of Object.values(raw)) {
  const slim = slimItem({
    ...def,
    itemType: def.itemType ?? deriveItemType(def.itemCategoryHashes)
  } as never);
  if (slim) definitions.set(def.hash, slim.item);
}
const profile = slimProfile(
  { membershipType: 2, membershipId: '4611686018433092312' },
  read('GetProfile.dim-2021-05-28.json').Response as ProfileInput,
  (hash) => raw[hash]?.inventory?.bucketTypeHash
);
// What the search page searches: the vault and the characters, equipped included.
const items = profile.items.filter((i) => i.owner !== 'account');
const context = { definition: (hash: number) => definitions.get(hash), items };

function search(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok || !parsed.query) throw new Error(`${text} does not parse`);
  const compiled = compileQuery(parsed.query, context);
  if (!compiled.ok) throw new Error(`${text}: ${compiled.error.message}`);
  return items.filter(compiled.matches);
}
const def = (hash: number) => definitions.get(hash);

/** The tree of a query that must parse (a test's own). */
function treeOf(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok || !parsed.query) throw new Error(`${text} does not parse`);
  return parsed.query;
}

describe('search filters on the real profile', () => {
  it.each<[string, (found: ReturnType<typeof search>) => void]>([
    [
      'is:weapon',
      (found) => {
        expect(found.length).toBeGreaterThan(100);
        expect(found.every((i) => def(i.hash)?.type === 3)).toBe(true);
      }
    ],
    [
      'is:weapon -is:locked power:<1300',
      (found) => {
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((i) => !i.locked && i.power! < 1300 && def(i.hash)?.type === 3)).toBe(
          true
        );
      }
    ],
    [
      'is:exotic is:armor is:hunter',
      (found) => {
        expect(found.length).toBeGreaterThan(0);
        expect(
          found.every(
            (i) =>
              def(i.hash)?.tier === 6 && def(i.hash)?.type === 2 && def(i.hash)?.classType === 1
          )
        ).toBe(true);
      }
    ],
    [
      'is:dupe is:weapon',
      (found) => {
        const counts = new Map<number, number>();
        for (const i of items.filter((i) => i.instanced && def(i.hash)?.type === 3))
          counts.set(i.hash, (counts.get(i.hash) ?? 0) + 1);
        const dupes = [...counts].filter(([, n]) => n > 1).reduce((sum, [, n]) => sum + n, 0);
        expect(found).toHaveLength(dupes);
        expect(dupes).toBeGreaterThan(0);
      }
    ],
    [
      'is:equipped',
      (found) => {
        // Three characters, each with their equipped gear (the account's items are not searched).
        expect(found.length).toBeGreaterThanOrEqual(30);
        expect(found.every((i) => i.equipped && i.owner !== 'vault')).toBe(true);
      }
    ],
    [
      'is:invault or is:postmaster',
      (found) => {
        const vault = items.filter((i) => i.owner === 'vault').length;
        const mail = items.filter((i) => i.locationBucketHash === 215593132).length;
        expect(found).toHaveLength(vault + mail);
      }
    ],
    [
      'power:>=1310 power:<=1311',
      (found) => {
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((i) => i.power! >= 1310 && i.power! <= 1311)).toBe(true);
      }
    ],
    ['light:1310', (found) => expect(found.every((i) => i.power === 1310)).toBe(true)],
    [
      'class:warlock -is:exotic',
      (found) => {
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((i) => def(i.hash)?.classType === 2 && def(i.hash)?.tier !== 6)).toBe(
          true
        );
      }
    ]
  ])('%s', (text, check) => check(search(text)));

  // Bungie's own name for each weapon's type is the oracle: DIM's words read the subtype number.
  const weaponTypes: [string, string][] = [
    ['autorifle', 'Auto Rifle'],
    ['handcannon', 'Hand Cannon'],
    ['pulserifle', 'Pulse Rifle'],
    ['scoutrifle', 'Scout Rifle'],
    ['sidearm', 'Sidearm'],
    ['submachine', 'Submachine Gun'],
    ['smg', 'Submachine Gun'],
    ['bow', 'Combat Bow'],
    ['shotgun', 'Shotgun'],
    ['sniperrifle', 'Sniper Rifle'],
    ['fusionrifle', 'Fusion Rifle'],
    ['tracerifle', 'Trace Rifle'],
    ['glaive', 'Glaive'],
    ['grenadelauncher', 'Grenade Launcher'],
    ['linearfusionrifle', 'Linear Fusion Rifle'],
    ['rocketlauncher', 'Rocket Launcher'],
    ['machinegun', 'Machine Gun'],
    ['sword', 'Sword']
  ];
  it.each(weaponTypes)('is:%s finds the weapons Bungie calls a %s', (word, typeName) => {
    const expected = items.filter(
      (i) => def(i.hash)?.type === 3 && def(i.hash)?.typeName === typeName
    );
    expect(search(`is:${word}`).map((i) => i.id)).toEqual(expected.map((i) => i.id));
  });

  it("finds the real profile's weapons by type: all but a few types are in it", () => {
    const found = weaponTypes.map(([word]) => search(`is:${word}`).length);
    // Glaives came a year after this profile; everything else a 2021 player owned.
    expect(found.filter((n) => n > 0).length).toBeGreaterThanOrEqual(14);
    expect(search('is:handcannon or is:fusionrifle or is:linearfusionrifle').length).toBe(
      search('is:handcannon').length +
        search('is:fusionrifle').length +
        search('is:linearfusionrifle').length
    );
    expect(search('is:glaive')).toEqual([]);
  });

  it('is:<element> reads the damage type (the real table leaves it out: a small one here)', () => {
    const small = new Map<number, SlimItem>([
      [1, { name: 'Void Rifle', tier: 5, type: 3, damageType: 4 }],
      [2, { name: 'Strand Bow', tier: 5, type: 3, damageType: 7 }],
      [3, { name: 'Solar Sword', tier: 6, type: 3, damageType: 3 }]
    ]);
    const weapon = (id: string, hash: number) =>
      ({ ...items.find((i) => i.instanced)!, id, hash }) as InventoryItem;
    const few = [weapon('v', 1), weapon('s', 2), weapon('f', 3)];
    const run = (text: string) => {
      const compiled = compileQuery(treeOf(text), {
        definition: (hash) => small.get(hash),
        items: few
      });
      return few.filter((compiled as { matches: (i: InventoryItem) => boolean }).matches);
    };
    expect(run('is:void').map((i) => i.id)).toEqual(['v']);
    expect(run('is:strand or is:solar').map((i) => i.id)).toEqual(['s', 'f']);
    expect(run('-is:void is:exotic').map((i) => i.id)).toEqual(['f']);
  });

  it('is:wishlist and is:trashlist read how the wish list judged each roll', () => {
    const [a, b, c] = items.filter((i) => i.instanced);
    const judged = new Map([
      [a!.id, 'wish' as const],
      [b!.id, 'trash' as const]
    ]);
    const run = (text: string) =>
      items.filter(
        (
          compileQuery(treeOf(text), { ...context, roll: (id) => judged.get(id) }) as {
            matches: (i: InventoryItem) => boolean;
          }
        ).matches
      );
    expect(run('is:wishlist').map((i) => i.id)).toEqual([a!.id]);
    expect(run('is:trashlist or is:wishlist').map((i) => i.id)).toEqual([a!.id, b!.id]);
    expect(run('is:wishlist').map((i) => i.id)).not.toContain(c!.id);
  });

  it('is:crafted reads the crafted mark (none in the 2021 profile: crafting came in 2022)', () => {
    expect(search('is:crafted')).toEqual([]);
    const [plain, shaped] = items.filter((i) => i.instanced);
    const withCrafted = [plain!, { ...shaped!, crafted: true as const }];
    const compiled = compileQuery(treeOf('is:crafted'), { ...context, items: withCrafted }) as {
      matches: (i: InventoryItem) => boolean;
    };
    expect(withCrafted.filter(compiled.matches).map((i) => i.id)).toEqual([shaped!.id]);
  });

  it('folds accents and case', () => {
    expect(fold('Xûr ÉTÉ')).toBe('xur ete');
  });

  it('matches names by words, by name: and by exactname:, folding case and accents', () => {
    const named = items.find((i) => (def(i.hash)?.name ?? '').includes(' '))!;
    const name = def(named.hash)!.name;
    const [first] = name.split(' ');
    expect(search(first!.toUpperCase()).map((i) => i.id)).toContain(named.id);
    expect(search(`name:"${name.toLowerCase()}"`).map((i) => i.id)).toContain(named.id);
    const exact = search(`exactname:"${name}"`);
    expect(exact.map((i) => i.id)).toContain(named.id);
    expect(exact.every((i) => fold(def(i.hash)!.name) === fold(name))).toBe(true);
  });

  it('or, and, not and parentheses combine as DIM does', () => {
    const a = search('is:weapon is:locked or is:exotic');
    const b = search('is:weapon (is:locked or is:exotic)');
    expect(a.map((i) => i.id)).toEqual(b.map((i) => i.id));
    const both = search('is:exotic and is:hunter or is:warlock');
    const expected = items.filter(
      (i) =>
        (def(i.hash)?.tier === 6 && def(i.hash)?.classType === 1) || def(i.hash)?.classType === 2
    );
    expect(both.map((i) => i.id)).toEqual(expected.map((i) => i.id));
  });

  it.each([
    ['is:shiny', 'is:shiny', undefined],
    ['is:lockd', 'is:lockd', 'is:locked'],
    ['slot:helmt', 'slot:helmt', 'slot:helmet'],
    ['colour:red', 'colour:red', undefined],
    ['pwer:>1300', 'pwer:>1300', 'power:'],
    ['power:high', 'power:high', undefined],
    ['tag:junkk', 'tag:junkk', 'tag:junk']
  ])('%s is refused, naming the word, with a suggestion where one is close', (text, word, hint) => {
    const compiled = compileQuery(treeOf(text), context);
    expect(compiled).toMatchObject({ ok: false, error: { word } });
    const message = (compiled as { error: { message: string } }).error.message;
    expect(message.includes('Did you mean')).toBe(hint !== undefined);
    expect(hint === undefined || message.includes(hint)).toBe(true);
  });

  describe("with the player's tags, notes and loadouts (the real DIM backup, imported)", () => {
    const backup = JSON.parse(
      readFileSync(
        new URL('../fixtures/dim-api/dim-data.dim-api-export.json', import.meta.url),
        'utf8'
      )
    ) as {
      tags: { annotation: { id: string; tag?: string; notes?: string } }[];
      loadouts: {
        destinyVersion: number;
        loadout: { name: string; equipped: { id: string }[]; unequipped: { id: string }[] };
      }[];
    };
    const ids = new Set(items.map((i) => i.id));
    const { edits } = planDimImport(backup, {
      membershipId: '4611686018433092312',
      instanceIds: new Set(items.filter((i) => i.instanced).map((i) => i.id)),
      view: emptyView()
    });
    const view = edits.reduce((v, e) => applyEdit(v, e, 0), emptyView());
    const withData = {
      ...context,
      annotation: (i: InventoryItem) => annotationOf(view, i),
      loadoutsOf: (i: InventoryItem) =>
        Object.values(view.loadouts)
          .filter((l) => [...l.equipped, ...l.unequipped].some((e) => e.id === i.id))
          .map((l) => l.name)
    };
    const run = (text: string) =>
      items
        .filter(
          (compileQuery(treeOf(text), withData) as { matches: (i: InventoryItem) => boolean })
            .matches
        )
        .map((i) => i.id)
        .sort();
    // What the backup says, item by item, for the items in the profile.
    const annotated = backup.tags.map((t) => t.annotation).filter((a) => ids.has(a.id));
    const idsWhere = (keep: (a: (typeof annotated)[number]) => boolean) =>
      annotated
        .filter(keep)
        .map((a) => a.id)
        .sort();

    it.each([
      ['tag:keep', (a: (typeof annotated)[number]) => a.tag === 'keep'],
      ['tag:archive', (a: (typeof annotated)[number]) => a.tag === 'archive'],
      ['is:tagged', (a: (typeof annotated)[number]) => a.tag !== undefined],
      ['is:hasnotes', (a: (typeof annotated)[number]) => Boolean(a.notes?.trim())],
      ['notes:pvp', (a: (typeof annotated)[number]) => /pvp/i.test(a.notes ?? '')]
    ])('%s finds what the backup says', (query, keep) => {
      const expected = idsWhere(keep);
      expect(expected.length).toBeGreaterThan(0);
      expect(run(query)).toEqual(expected);
    });

    it('a plain #hashtag finds the notes that carry it', () => {
      expect(run('#pvp')).toEqual(idsWhere((a) => (a.notes ?? '').includes('#pvp')));
    });

    it('tag:none is every item without a tag', () => {
      expect(run('tag:none')).toHaveLength(items.length - run('is:tagged').length);
    });

    it("is:inloadout and inloadout:<name> read the player's loadouts", () => {
      const d2 = backup.loadouts.filter((l) => l.destinyVersion === 2).map((l) => l.loadout);
      const idsOf = (l: (typeof d2)[number]) =>
        [...l.equipped, ...l.unequipped].map((e) => e.id).filter((id) => ids.has(id));
      const inLoadouts = [...new Set(d2.flatMap(idsOf))].sort();
      expect(inLoadouts.length).toBeGreaterThan(0);
      expect(run('is:inloadout')).toEqual(inLoadouts);
      const grapple = d2.find((l) => l.name.includes('Grapplin'))!;
      expect(run('inloadout:grapplin')).toEqual(idsOf(grapple).sort());
    });
  });

  describe('perks and stats, from the item sheets the device builds (generated sheets: the real definitions lack investment stats)', () => {
    const [weapon, armor, other] = items.filter((i) => i.instanced);
    const stat = (statHash: number, name: string, value: number) => ({
      statHash,
      name,
      value,
      base: value,
      investment: value,
      maximum: 100,
      bar: true,
      smallerIsBetter: false
    });
    const sheets = new Map<string, ItemSheet>([
      [
        weapon!.id,
        {
          groups: [
            {
              name: 'Weapon Perks',
              sockets: [
                {
                  index: 3,
                  plugged: {
                    hash: 1,
                    name: 'Outlaw',
                    known: true,
                    description: 'Precision kills greatly decrease reload time.'
                  },
                  options: [
                    {
                      hash: 2,
                      name: 'Rampage',
                      known: true,
                      description: 'Kills grant increased damage.'
                    },
                    { hash: 3, name: 'Classified', known: false }
                  ]
                }
              ]
            }
          ],
          tracked: [],
          stats: [stat(1240592695, 'Range', 62), stat(4188031367, 'Reload Speed', 40)]
        }
      ],
      [
        armor!.id,
        {
          groups: [],
          tracked: [],
          // Edge of Fate's name for the stat once called Mobility (the same hash).
          stats: [stat(2996146975, 'Weapons', 24), stat(392767087, 'Health', 10)],
          total: { value: 66, base: 60 }
        }
      ]
    ]);
    const withSheets = { ...context, sheetOf: (i: InventoryItem) => sheets.get(i.id) };
    const run = (text: string) => {
      const compiled = compileQuery(treeOf(text), withSheets);
      if (!compiled.ok) throw new Error(compiled.error.message);
      return items.filter(compiled.matches).map((i) => i.id);
    };

    it.each<[string, string[]]>([
      ['perk:rampage', ['weapon']],
      ['perk:"reload time"', ['weapon']],
      ['perkname:outlaw', ['weapon']],
      ['perkname:reload', []],
      ['perk:classified', []],
      ['stat:range:>=60', ['weapon']],
      ['stat:range:>62', []],
      ['stat:reloadspeed:40', ['weapon']],
      ['stat:mobility:>20', ['armor']],
      ['stat:weapons:>20', ['armor']],
      ['stat:resilience:<=10', ['armor']],
      ['stat:total:>=65', ['armor']],
      ['-stat:total:>=65 stat:health:<20', []]
    ])('%s', (query, expected) => {
      const ids: Record<string, string> = { weapon: weapon!.id, armor: armor!.id };
      expect(run(query)).toEqual(expected.map((name) => ids[name]));
      expect(run(query)).not.toContain(other!.id);
    });

    it('refuses a stat without a number, naming the word', () => {
      expect(compileQuery(treeOf('stat:range'), withSheets)).toMatchObject({
        ok: false,
        error: { word: 'stat:range' }
      });
    });
  });
});
