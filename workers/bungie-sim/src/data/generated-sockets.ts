/**
 * The generated data set's sockets: a small pool of plug definitions (frames, barrels, traits and a
 * kill tracker for weapons; rolled stats, mods and a masterwork for armor), with investment stats,
 * plug sets, socket types, a stat group per kind and a kill-tracker objective. Real hashes where
 * Bungie's meaning is meant (stats, socket categories); generated ones, in a range of their own,
 * for what is made up here.
 */

const PLUG_BASE = 3_899_000_000;
const PLUG_SET_BASE = 3_899_100_000;
const SOCKET_TYPE_BASE = 3_899_200_000;
const PLUG_CATEGORY_BASE = 3_899_300_000;
export const WEAPON_STAT_GROUP = 1234567;
export const ARMOR_STAT_GROUP = 1234568;
export const KILL_TRACKER_OBJECTIVE = 3_899_999_001;

const STAT = {
  rpm: 4284893193,
  range: 1240592695,
  stability: 155624089,
  handling: 943549884,
  armor: [2996146975, 392767087, 1943323491, 1735777505, 144602215, 4244567218]
};
// Bungie's socket categories (DestinySocketCategoryDefinition), by what each generated socket is.
const CATEGORY = {
  intrinsic: 3956125808,
  weaponPerks: 4241085061,
  weaponMods: 2685412949,
  armorPerks: 2518356196,
  armorMods: 590099826
};

type Kind = 'weapon' | 'armor';
interface SocketSpec {
  name: string;
  /** Plug category identifier, as Bungie names them. */
  identifier: string;
  category: number;
  pool: number;
  /**
   * How many of the pool's first plugs also come enhanced (tier 3, the same name, in the same plug
   * set), as crafted and enhanced weapons hold them: some instances hold the enhanced one.
   */
  enhanced?: number;
  plug: (n: number) => { name: string; stats: [number, number][]; objectives?: number[] };
}

const SOCKETS: Record<Kind, SocketSpec[]> = {
  weapon: [
    {
      name: 'Frame',
      identifier: 'intrinsics',
      category: CATEGORY.intrinsic,
      pool: 6,
      plug: (n) => ({ name: `Frame ${n + 1}`, stats: [[STAT.rpm, 10 + n * 15]] })
    },
    {
      name: 'Barrel',
      identifier: 'barrels',
      category: CATEGORY.weaponPerks,
      pool: 12,
      plug: (n) => ({
        name: `Barrel ${n + 1}`,
        stats: [
          [STAT.range, (n % 5) * 3 - 4],
          [STAT.stability, ((n * 2) % 7) - 2]
        ]
      })
    },
    {
      name: 'Trait',
      identifier: 'frames',
      category: CATEGORY.weaponPerks,
      pool: 16,
      enhanced: 4,
      plug: (n) => ({ name: `Trait ${n + 1}`, stats: n % 4 === 0 ? [[STAT.handling, 10]] : [] })
    },
    {
      name: 'Tracker',
      identifier: 'v400.plugs.weapons.masterworks.trackers',
      category: CATEGORY.weaponMods,
      pool: 1,
      plug: () => ({ name: 'Kill Tracker', stats: [], objectives: [KILL_TRACKER_OBJECTIVE] })
    }
  ],
  armor: [
    {
      name: 'Stats',
      identifier: 'intrinsics',
      category: CATEGORY.armorPerks,
      pool: 12,
      plug: (n) => ({
        name: `Rolled Stats ${n + 1}`,
        stats: STAT.armor.map((hash, i): [number, number] => [hash, 2 + ((n * 7 + i * 5) % 29)])
      })
    },
    {
      name: 'Mod',
      identifier: 'enhancements.v2_general',
      category: CATEGORY.armorMods,
      pool: 6,
      plug: (n) => ({ name: `Stat Mod ${n + 1}`, stats: [[STAT.armor[n]!, 10]] })
    },
    {
      name: 'Mod',
      identifier: 'enhancements.v2_general',
      category: CATEGORY.armorMods,
      pool: 6,
      plug: (n) => ({ name: `Stat Mod ${n + 1}`, stats: [[STAT.armor[n]!, 5]] })
    },
    {
      name: 'Masterwork',
      identifier: 'v460.plugs.armor.masterworks',
      category: CATEGORY.armorPerks,
      pool: 1,
      plug: () => ({ name: 'Masterworked', stats: STAT.armor.map((h): [number, number] => [h, 2]) })
    }
  ]
};

export const SOCKETS_PER_ITEM = 4;
const kindIndex = (kind: Kind) => (kind === 'weapon' ? 0 : 1);
const plugHash = (kind: Kind, socket: number, n: number) =>
  PLUG_BASE + kindIndex(kind) * 1000 + socket * 100 + n;
/** The enhanced version of plug `n` of a socket's pool. */
const ENHANCED_OFFSET = 50;
const enhancedPlugHash = (kind: Kind, socket: number, n: number) =>
  plugHash(kind, socket, ENHANCED_OFFSET + n);
const plugSetHash = (kind: Kind, socket: number) => PLUG_SET_BASE + kindIndex(kind) * 10 + socket;
const socketTypeHash = (kind: Kind, socket: number) =>
  SOCKET_TYPE_BASE + kindIndex(kind) * 10 + socket;

/** The kind of socket layout of a generated item type (3 weapon, 2 armor), if it has sockets. */
export function socketKind(itemType: number): Kind | undefined {
  return itemType === 3 ? 'weapon' : itemType === 2 ? 'armor' : undefined;
}

/**
 * The plugs an instance of item `hash` holds in socket `socket`: the plugged one first, then the
 * other that rolled beside it (what component 310 lists), both from the socket's pool.
 */
export function socketPlugs(kind: Kind, hash: number, socket: number): [number, ...number[]] {
  const { pool, enhanced = 0 } = SOCKETS[kind][socket]!;
  const first = hash % pool;
  const second = (hash * 7 + 3) % pool;
  // A third of the items whose first plug comes enhanced hold the enhanced one.
  const plugged =
    first < enhanced && hash % 3 === 0
      ? enhancedPlugHash(kind, socket, first)
      : plugHash(kind, socket, first);
  return second === first ? [plugged] : [plugged, plugHash(kind, socket, second)];
}

/** The definition's `sockets` block for an item of this kind. */
export function socketsBlock(kind: Kind, hash: number) {
  const specs = SOCKETS[kind];
  return {
    detail: 'Sockets',
    socketEntries: specs.map((_, socket) => ({
      socketTypeHash: socketTypeHash(kind, socket),
      singleInitialItemHash: socketPlugs(kind, hash, socket)[0],
      reusablePlugItems: [],
      preventInitializationOnVendorPurchase: false,
      hidePerksInItemTooltip: false,
      plugSources: 2,
      randomizedPlugSetHash: plugSetHash(kind, socket),
      overridesUiAppearance: false,
      defaultVisible: true
    })),
    intrinsicSockets: [],
    socketCategories: [...new Set(specs.map((s) => s.category))].map((category) => ({
      socketCategoryHash: category,
      socketIndexes: specs.flatMap((s, i) => (s.category === category ? [i] : []))
    }))
  };
}

/** How many plug definitions the item table lists beside the generated items. */
export const PLUG_DEFINITION_COUNT = Object.values(SOCKETS)
  .flat()
  .reduce((sum, spec) => sum + spec.pool + (spec.enhanced ?? 0), 0);

/** Every plug definition of the pools, as the item table lists them (`[hash, json]`). */
export function* plugDefinitions(): Generator<[string, string]> {
  for (const kind of ['weapon', 'armor'] as const) {
    for (const [socket, spec] of SOCKETS[kind].entries()) {
      const versions = [
        ...Array.from({ length: spec.pool }, (_, n) => ({
          n,
          hash: plugHash(kind, socket, n),
          enhanced: false
        })),
        ...Array.from({ length: spec.enhanced ?? 0 }, (_, n) => ({
          n,
          hash: enhancedPlugHash(kind, socket, n),
          enhanced: true
        }))
      ];
      for (const { n, hash, enhanced } of versions) {
        const plug = spec.plug(n);
        yield [
          String(hash),
          JSON.stringify({
            displayProperties: {
              name: plug.name,
              description: `${enhanced ? 'Enhanced ' : ''}${spec.name} of generated ${kind}s.`,
              icon: `/common/destiny2_content/icons/generated-plug-${hash}.png`,
              hasIcon: true
            },
            // Bungie's words and tier for an enhanced trait: "Enhanced Trait", Common (3).
            itemTypeDisplayName: enhanced ? `Enhanced ${spec.name}` : spec.name,
            itemType: 19,
            inventory: { bucketTypeHash: 1469714392, tierType: enhanced ? 3 : 2, maxStackSize: 1 },
            plug: {
              plugCategoryHash: PLUG_CATEGORY_BASE + kindIndex(kind) * 10 + socket,
              plugCategoryIdentifier: spec.identifier
            },
            investmentStats: plug.stats.map(([statTypeHash, value]) => ({
              statTypeHash,
              value,
              isConditionallyActive: false
            })),
            ...(plug.objectives ? { objectives: { objectiveHashes: plug.objectives } } : {}),
            hash,
            redacted: false,
            blacklisted: false
          })
        ];
      }
    }
  }
}

/** The small tables the generated sockets need, by manifest component name. */
export function socketTables(): Record<string, unknown> {
  const plugSets: Record<string, unknown> = {};
  const socketTypes: Record<string, unknown> = {};
  for (const kind of ['weapon', 'armor'] as const) {
    for (const [socket, spec] of SOCKETS[kind].entries()) {
      const hash = plugSetHash(kind, socket);
      plugSets[hash] = {
        hash,
        reusablePlugItems: [
          ...Array.from({ length: spec.pool }, (_, n) => ({
            plugItemHash: plugHash(kind, socket, n),
            // The last of a larger pool no longer rolls: instances that have it keep it.
            currentlyCanRoll: !(spec.pool > 4 && n === spec.pool - 1)
          })),
          ...Array.from({ length: spec.enhanced ?? 0 }, (_, n) => ({
            plugItemHash: enhancedPlugHash(kind, socket, n),
            currentlyCanRoll: true
          }))
        ]
      };
      const typeHash = socketTypeHash(kind, socket);
      socketTypes[typeHash] = {
        hash: typeHash,
        socketCategoryHash: spec.category,
        visibility: 0,
        plugWhitelist: [
          {
            categoryHash: PLUG_CATEGORY_BASE + kindIndex(kind) * 10 + socket,
            categoryIdentifier: spec.identifier
          }
        ]
      };
    }
  }
  const linear = {
    displayInterpolation: [
      { value: 0, weight: 0 },
      { value: 100, weight: 100 }
    ]
  };
  return {
    DestinyPlugSetDefinition: plugSets,
    DestinySocketTypeDefinition: socketTypes,
    DestinyStatGroupDefinition: {
      [WEAPON_STAT_GROUP]: {
        hash: WEAPON_STAT_GROUP,
        maximumValue: 100,
        scaledStats: [
          {
            statHash: STAT.rpm,
            maximumValue: 1000,
            displayAsNumeric: true,
            displayInterpolation: [
              { value: 0, weight: 100 },
              { value: 100, weight: 900 }
            ]
          },
          { statHash: STAT.range, maximumValue: 100, displayAsNumeric: false, ...linear },
          { statHash: STAT.stability, maximumValue: 100, displayAsNumeric: false, ...linear },
          { statHash: STAT.handling, maximumValue: 100, displayAsNumeric: false, ...linear }
        ]
      },
      [ARMOR_STAT_GROUP]: { hash: ARMOR_STAT_GROUP, maximumValue: 42, scaledStats: [] }
    },
    DestinyObjectiveDefinition: {
      [KILL_TRACKER_OBJECTIVE]: {
        hash: KILL_TRACKER_OBJECTIVE,
        progressDescription: 'Enemies defeated',
        completionValue: 0
      }
    }
  };
}
