// Over 200 lines: the generated data set, seeded, built in one pass so it stays reproducible.
import type {
  DestinyCharacterComponent,
  DestinyInventoryBucketDefinition,
  DestinyItemComponent,
  DestinyItemInstanceComponent
} from 'bungie-api-ts/destiny2';
import { accountFromProfile } from '../account.ts';
import { readBucketTable } from '../buckets.ts';
import { changedByRevision, revisedName, type Dataset } from '../dataset.ts';
import {
  deriveUniqueLabel,
  VAULT_BUCKET,
  POSTMASTER_BUCKET,
  type ItemRules
} from '../item-rules.ts';
import { readFixture } from './fixtures.ts';
import {
  ARMOR_STAT_GROUP,
  KILL_TRACKER_OBJECTIVE,
  plugDefinitions,
  SOCKETS_PER_ITEM,
  socketKind,
  socketPlugs,
  socketsBlock,
  socketTables,
  WEAPON_STAT_GROUP
} from './generated-sockets.ts';
import { armorSetOf, armorSetTables } from './generated-armor-sets.ts';
import { writeTable } from './table-writer.ts';
import { loadoutTables } from '../loadouts.ts';

export interface GeneratedOptions {
  seed: number;
  /** Definitions in the item table; the real table has about 29,000. */
  itemCount: number;
  /** Items in the vault, out of its capacity (600). */
  vaultFill: number;
  /**
   * What each character carries: a few items of each kind (the default), or every bucket at its
   * capacity, consumables too (with a full vault, over a thousand items: a long-time player's).
   */
  carried?: 'some' | 'full';
}

export const defaultGeneratedOptions: GeneratedOptions = {
  seed: 1,
  itemCount: 30_000,
  vaultFill: 450
};

// Generated hashes sit in a range of their own so they never collide with a real one.
const HASH_BASE = 3_900_000_000;

const WEAPON_BUCKETS = [1498876634, 2465295065, 953998645];
const ARMOR_BUCKETS = [3448274439, 3551918588, 14239492, 20886954, 1585787867];
const GHOST_BUCKET = 4023194814;
const CONSUMABLE_BUCKET = 1469714392;
const ARMOR_NAMES = ['Helm', 'Gauntlets', 'Plate', 'Greaves', 'Mark'];
const WEAPON_NAMES = ['Hand Cannon', 'Auto Rifle', 'Rocket Launcher'];
const ADJECTIVES = [
  'Ashen',
  'Bright',
  'Cinder',
  'Distant',
  'Ember',
  'Fallen',
  'Gilded',
  'Hollow',
  'Iron',
  'Jade',
  'Keen',
  'Lunar'
];
const NOUNS = [
  'Oath',
  'Vigil',
  'Tide',
  'Crown',
  'Hymn',
  'Gale',
  'Spire',
  'Veil',
  'Ward',
  'Edge',
  'Thorn',
  'Echo'
];

/** A small, fast, seedable PRNG (mulberry32): the same seed always gives the same world. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The definition of generated item `index`, a pure function of seed and index. */
function definitionAt(seed: number, index: number): ItemRules & { icon: string; flavor: string } {
  const rand = seededRandom(seed * 1_000_003 + index);
  const kind = index % 10; // 0-2 weapons, 3-7 armor, 8 ghost, 9 consumable
  const tierType = rand() < 0.12 ? 6 : rand() < 0.8 ? 5 : 4;
  const base = `${ADJECTIVES[Math.floor(rand() * ADJECTIVES.length)]} ${NOUNS[Math.floor(rand() * NOUNS.length)]}`;
  const hash = HASH_BASE + index;
  const common = {
    hash,
    tierType,
    icon: `/common/destiny2_content/icons/generated-${hash}.jpg`,
    flavor: `Generated item ${index}.`
  };
  if (kind <= 2) {
    return {
      ...common,
      name: `${base} ${WEAPON_NAMES[kind]}`,
      bucketHash: WEAPON_BUCKETS[kind]!,
      classType: 3,
      itemType: 3,
      equippable: true,
      uniqueLabel: deriveUniqueLabel(3, tierType),
      maxStackSize: 1,
      nonTransferrable: false
    };
  }
  if (kind <= 7) {
    const slot = kind - 3;
    return {
      ...common,
      name: `${base} ${ARMOR_NAMES[slot]}`,
      bucketHash: ARMOR_BUCKETS[slot]!,
      classType: index % 3,
      itemType: 2,
      equippable: true,
      uniqueLabel: deriveUniqueLabel(2, tierType),
      maxStackSize: 1,
      nonTransferrable: false,
      set: armorSetOf(index, 2, tierType)
    };
  }
  if (kind === 8) {
    return {
      ...common,
      name: `${base} Shell`,
      bucketHash: GHOST_BUCKET,
      classType: 3,
      itemType: 24,
      equippable: true,
      uniqueLabel: undefined,
      maxStackSize: 1,
      nonTransferrable: false
    };
  }
  return {
    ...common,
    tierType: 3,
    name: `${base} Glimmer Cache`,
    bucketHash: CONSUMABLE_BUCKET,
    classType: 3,
    itemType: 9,
    equippable: false,
    uniqueLabel: undefined,
    maxStackSize: 100,
    nonTransferrable: false
  };
}

/**
 * Bungie's definitions average about 2 KB, mostly sockets, stats and text the app never reads. The
 * generated ones carry the same kind of bulk, so a generated table weighs what a real one of that
 * many items would.
 */
function bulkOf(def: ReturnType<typeof definitionAt>) {
  const kind = socketKind(def.itemType);
  const socketEntries = Array.from({ length: 3 }, (_, i) => ({
    socketTypeHash: (def.hash * 31 + i) >>> 0,
    singleInitialItemHash: (def.hash * 17 + i) >>> 0,
    reusablePlugItems: [],
    preventInitializationOnVendorPurchase: false,
    hidePerksInItemTooltip: false,
    plugSources: 2,
    reusablePlugSetHash: (def.hash * 13 + i) >>> 0,
    overridesUiAppearance: false,
    defaultVisible: true
  }));
  const stats = Object.fromEntries(
    [155624089, 943549884, 1240592695, 4284893193].map((statHash, i) => [
      statHash,
      { statHash, value: 20 + ((def.hash + i) % 70), minimum: 0, maximum: 100, displayMaximum: 100 }
    ])
  );
  return {
    flavorText: `${def.name} was found in the ruins of a fallen city; its maker is unknown and its story unfinished.`,
    screenshot: `/common/destiny2_content/screenshots/${def.hash}.jpg`,
    itemTypeAndTierDisplayName: `Legendary ${def.name.split(' ').at(-1)}`,
    // Weapons and armor have the sockets their instances' plugs sit in; other items a bulk alike.
    sockets: kind
      ? socketsBlock(kind, def.hash)
      : {
          detail: 'Sockets',
          socketEntries,
          intrinsicSockets: [],
          socketCategories: [{ socketCategoryHash: 4241085061, socketIndexes: [0, 1, 2] }]
        },
    ...(kind === 'weapon'
      ? {
          investmentStats: [155624089, 943549884, 1240592695].map((statTypeHash, i) => ({
            statTypeHash,
            value: 20 + ((def.hash + i) % 70),
            isConditionallyActive: false
          }))
        }
      : {}),
    stats: {
      disablePrimaryStatDisplay: false,
      statGroupHash: kind === 'armor' ? ARMOR_STAT_GROUP : WEAPON_STAT_GROUP,
      stats,
      hasDisplayableStats: true,
      primaryBaseStatHash: 1480404414
    },
    tooltipNotifications: [],
    acquireRewardSiteHash: 0,
    acquireUnlockHash: 0
  };
}

function definitionJson(def: ReturnType<typeof definitionAt>, name: string, index: number): string {
  return JSON.stringify({
    ...bulkOf(def),
    displayProperties: { name, description: def.flavor, icon: def.icon, hasIcon: true },
    itemType: def.itemType,
    classType: def.classType,
    equippable: def.equippable,
    nonTransferrable: def.nonTransferrable,
    inventory: {
      bucketTypeHash: def.bucketHash,
      tierType: def.tierType,
      maxStackSize: def.maxStackSize,
      isInstanceItem: def.maxStackSize === 1
    },
    equippingBlock: {
      ...(def.uniqueLabel ? { uniqueLabel: def.uniqueLabel } : {}),
      ...(def.set ? { equipableItemSetHash: def.set } : {})
    },
    itemCategoryHashes:
      def.itemType === 3 ? [1] : def.itemType === 2 ? [20] : def.itemType === 24 ? [39] : [35],
    hash: def.hash,
    index,
    redacted: false,
    blacklisted: false
  });
}

/** A seeded synthetic account and a definitions table of any size, for scale tests and benchmarks. */
export function createGeneratedDataset(options: GeneratedOptions): Dataset {
  const { seed, itemCount } = options;
  const bucketDefs = readFixture<Record<string, DestinyInventoryBucketDefinition>>(
    'DestinyInventoryBucketDefinition.2023-04-13.json'
  );
  const buckets = readBucketTable(bucketDefs);
  const vaultCapacity = buckets.get(VAULT_BUCKET)?.itemCount ?? 600;
  const indexOf = (hash: number) => hash - HASH_BASE;
  const inRange = (index: number) => Number.isInteger(index) && index >= 0 && index < itemCount;
  const allIndexes = { length: itemCount };
  const renameable = Array.from(allIndexes, (_, i) => i).filter((i) => i % 10 < 8);

  function createAccount() {
    const rand = seededRandom(seed);
    let nextInstance = 6917529000000000000n + BigInt(seed) * 1_000_000n;
    const instances: Record<string, DestinyItemInstanceComponent> = {};
    const pick = (kind: number, classType?: number) => {
      for (;;) {
        const index = Math.floor(rand() * (itemCount / 10)) * 10 + kind;
        if (!inRange(index)) continue;
        const def = definitionAt(seed, index);
        if (classType === undefined || def.classType === 3 || def.classType === classType)
          return def;
      }
    };
    const makeItem = (
      def: ItemRules,
      bucketHash: number,
      location: number,
      equipped = false
    ): DestinyItemComponent => {
      if (def.maxStackSize > 1) {
        return {
          itemHash: def.hash,
          quantity: 1 + Math.floor(rand() * 40),
          bindStatus: 0,
          location,
          bucketHash,
          transferStatus: 0,
          lockable: false,
          state: 0,
          dismantlePermission: 0,
          isWrapper: false,
          tooltipNotificationIndexes: []
        } as unknown as DestinyItemComponent;
      }
      const itemInstanceId = String(nextInstance++);
      const power = 1500 + Math.floor(rand() * 60);
      addSockets(def, itemInstanceId);
      instances[itemInstanceId] = {
        damageType: def.itemType === 3 ? 1 + (def.hash % 4) : 0,
        primaryStat: { statHash: def.itemType === 3 ? 1480404414 : 3897883278, value: power },
        itemLevel: Math.floor(power / 10),
        // Gear made since Edge of Fate (2025) has a tier; the generated account is of that era.
        ...(def.itemType === 2 || def.itemType === 3
          ? // From the instance id, not the seeded sequence, so every other choice stays as it was.
            { gearTier: 1 + Number(BigInt(itemInstanceId) % 5n) }
          : {}),
        quality: 0,
        isEquipped: equipped,
        canEquip: true,
        equipRequiredLevel: 50,
        unlockHashesRequiredToEquip: [],
        cannotEquipReason: 0
      } as unknown as DestinyItemInstanceComponent;
      return {
        itemHash: def.hash,
        itemInstanceId,
        quantity: 1,
        bindStatus: 0,
        location,
        bucketHash,
        transferStatus: equipped ? 1 : 0,
        lockable: true,
        state: rand() < 0.2 ? 1 : 0,
        dismantlePermission: 2,
        isWrapper: false,
        tooltipNotificationIndexes: [],
        versionNumber: 0
      } as unknown as DestinyItemComponent;
    };
    // Components 305, 310 and 309 for the instances made, as Bungie keys them: by instance id.
    const sockets: Record<string, unknown> = {};
    const reusablePlugs: Record<string, unknown> = {};
    const plugObjectives: Record<string, unknown> = {};
    const addSockets = (def: ItemRules, itemInstanceId: string) => {
      const kind = socketKind(def.itemType);
      if (!kind) return;
      const plugs = Array.from({ length: SOCKETS_PER_ITEM }, (_, i) =>
        socketPlugs(kind, def.hash, i)
      );
      sockets[itemInstanceId] = {
        sockets: plugs.map(([plugged]) => ({ plugHash: plugged, isEnabled: true, isVisible: true }))
      };
      reusablePlugs[itemInstanceId] = {
        plugs: Object.fromEntries(
          plugs.map((list, i) => [
            i,
            list.map((plugItemHash) => ({ plugItemHash, canInsert: true, enabled: true }))
          ])
        )
      };
      if (kind === 'weapon') {
        const tracker = plugs[SOCKETS_PER_ITEM - 1]![0];
        plugObjectives[itemInstanceId] = {
          objectivesPerPlug: {
            [tracker]: [
              {
                objectiveHash: KILL_TRACKER_OBJECTIVE,
                progress: Math.floor(rand() * 5000),
                completionValue: 0,
                complete: true,
                visible: true
              }
            ]
          }
        };
      }
    };
    const classHashes = [3655393761, 671679327, 2271682572];
    const characters: Record<string, DestinyCharacterComponent> = {};
    const characterInventories: Record<string, DestinyItemComponent[]> = {};
    const characterEquipment: Record<string, DestinyItemComponent[]> = {};
    for (let classType = 0; classType < 3; classType++) {
      const characterId = String(2305843009300000000n + BigInt(seed) * 10n + BigInt(classType));
      characters[characterId] = {
        membershipId: '4611686018400000001',
        membershipType: 3,
        characterId,
        dateLastPlayed: new Date(Date.UTC(2026, 10, 20 - classType)).toISOString(),
        minutesPlayedThisSession: '60',
        minutesPlayedTotal: String(10000 + classType),
        light: 1550 + classType,
        stats: { 1935470627: 1550 + classType },
        raceHash: 3887404748,
        genderHash: 3111576190,
        classHash: classHashes[classType]!,
        raceType: 0,
        classType,
        genderType: 0,
        emblemPath: `/common/destiny2_content/icons/generated-emblem-${classType}.jpg`,
        emblemBackgroundPath: `/common/destiny2_content/icons/generated-emblem-bg-${classType}.jpg`,
        emblemHash: 1000 + classType,
        emblemColor: { red: 20, green: 40, blue: 80, alpha: 255 },
        levelProgression: {
          progressionHash: 1716568313,
          dailyProgress: 0,
          dailyLimit: 0,
          weeklyProgress: 0,
          weeklyLimit: 0,
          currentProgress: 0,
          level: 50,
          levelCap: 50,
          stepIndex: 50,
          progressToNextLevel: 0,
          nextLevelAt: 0
        },
        baseCharacterLevel: 50,
        percentToNextLevel: 0,
        titleRecordHash: 0
      } as unknown as DestinyCharacterComponent;
      const equipment: DestinyItemComponent[] = [];
      const inventory: DestinyItemComponent[] = [];
      [0, 1, 2, 3, 4, 5, 6, 7, 8].forEach((kind) => {
        // One equipped legendary per slot keeps the exotic rule satisfied at the start.
        let def = pick(kind, classType);
        while (def.tierType === 6) def = pick(kind, classType);
        equipment.push(makeItem(def, def.bucketHash, 1, true));
        // A few: the bound is drawn again at each turn, as it always was, so a seed's account
        // stays the same item for item.
        const carries = (n: number) =>
          options.carried === 'full'
            ? n < (buckets.get(def.bucketHash)?.itemCount ?? 10) - 1
            : n < 3 + Math.floor(rand() * 4);
        for (let n = 0; carries(n); n++) {
          const extra = pick(kind, classType);
          inventory.push(makeItem(extra, extra.bucketHash, 1));
        }
      });
      if (options.carried === 'full') {
        for (let n = 0; n < (buckets.get(CONSUMABLE_BUCKET)?.itemCount ?? 50); n++) {
          const consumable = pick(9);
          inventory.push(makeItem(consumable, CONSUMABLE_BUCKET, 1));
        }
      }
      const lost = pick(0);
      inventory.push(makeItem(lost, POSTMASTER_BUCKET, 4));
      characterEquipment[characterId] = equipment;
      characterInventories[characterId] = inventory;
    }
    const vault: DestinyItemComponent[] = [];
    for (let n = 0; n < Math.min(options.vaultFill, vaultCapacity); n++) {
      const def = pick(Math.floor(rand() * 10));
      vault.push(makeItem(def, VAULT_BUCKET, 2));
    }
    return accountFromProfile({
      membershipType: 3,
      membershipId: '4611686018400000001',
      memberships: {
        destinyMemberships: [
          {
            LastSeenDisplayName: 'Guardian',
            LastSeenDisplayNameType: 3,
            iconPath: '/img/theme/bungienet/icons/steamLogo.png',
            crossSaveOverride: 0,
            applicableMembershipTypes: [3],
            isPublic: true,
            membershipType: 3,
            membershipId: '4611686018400000001',
            displayName: 'Guardian',
            bungieGlobalDisplayName: 'Guardian',
            bungieGlobalDisplayNameCode: 1234
          }
        ],
        bungieNetUser: {
          membershipId: '30000001',
          uniqueName: 'Guardian#1234',
          displayName: 'Guardian',
          profilePicture: 0,
          profileTheme: 0,
          userTitle: 0,
          successMessageFlags: '0',
          isDeleted: false,
          about: '',
          firstAccess: '2020-01-01T00:00:00Z',
          lastUpdate: '2026-11-01T00:00:00Z',
          showActivity: true,
          locale: 'en',
          localeInheritDefault: true,
          showGroupMessaging: true,
          profilePicturePath: '/img/profile/avatars/default_avatar.gif',
          profileThemeName: '',
          userTitleDisplay: 'Newbie',
          statusText: '',
          statusDate: '2026-11-01T00:00:00Z',
          cachedBungieGlobalDisplayName: 'Guardian',
          cachedBungieGlobalDisplayNameCode: 1234
        }
      } as never,
      profile: {
        characters,
        profileInventory: vault,
        characterInventories,
        characterEquipment,
        instances
      },
      passthrough: {
        sockets: { data: sockets, privacy: 2 },
        reusablePlugs: { data: reusablePlugs, privacy: 2 },
        plugObjectives: { data: plugObjectives, privacy: 2 }
      }
    });
  }

  return {
    name: 'generated',
    baseVersion: `generated-${seed}-${itemCount}`,
    buckets,
    itemRules(hash) {
      const index = indexOf(hash);
      return inRange(index) ? definitionAt(seed, index) : undefined;
    },
    smallTables: {
      ...loadoutTables(),
      DestinyInventoryBucketDefinition: bucketDefs,
      DestinyClassDefinition: readFixture('DestinyClassDefinition.json'),
      DestinyDamageTypeDefinition: readFixture('DestinyDamageTypeDefinition.json'),
      DestinyStatDefinition: readFixture('DestinyStatDefinition.json'),
      DestinySocketCategoryDefinition: readFixture(
        'DestinySocketCategoryDefinition.2019-06-23.json'
      ),
      ...socketTables(),
      ...armorSetTables()
    },
    xurStock: [0, 3, 4, 5, 6].map((kind) => HASH_BASE + 10 * 7 + kind),
    createAccount,
    writeItemTable(file, revision, change = {}) {
      const changed = new Set(changedByRevision(renameable, revision, change.count));
      function* entries(): Generator<[string, string]> {
        for (let index = 0; index < itemCount; index++) {
          const def = definitionAt(seed, index);
          const name = changed.has(index)
            ? revisedName(def.name, revision, change.hostile)
            : def.name;
          yield [String(def.hash), definitionJson(def, name, index)];
        }
        yield* plugDefinitions();
      }
      return writeTable(file, entries());
    }
  };
}
