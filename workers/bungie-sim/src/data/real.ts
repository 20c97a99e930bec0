// Over 200 lines: the real account's data set, read from the bundled fixtures in one place.
import type {
  DestinyCharacterComponent,
  DestinyInventoryBucketDefinition,
  DestinyItemComponent,
  DestinyItemInstanceComponent
} from 'bungie-api-ts/destiny2';
import type { UserMembershipData } from 'bungie-api-ts/user';
import { accountFromProfile } from '../account.ts';
import { readBucketTable } from '../buckets.ts';
import { changedByRevision, revisedName, type Dataset } from '../dataset.ts';
import { deriveItemType, deriveUniqueLabel, type ItemRules } from '../item-rules.ts';
import { readFixture } from './fixtures.ts';
import { writeTable } from './table-writer.ts';
import { loadoutTables } from '../loadouts.ts';

type RawDefinition = Record<string, unknown> & {
  hash: number;
  displayProperties?: { name?: string; icon?: string | null };
  inventory?: { bucketTypeHash?: number; tierType?: number; maxStackSize?: number };
  itemCategoryHashes?: number[] | null;
  classType?: number;
  itemType?: number;
  equippable?: boolean;
  nonTransferrable?: boolean;
  equippingBlock?: { uniqueLabel?: string };
};

// Fields of the projected fixture that are that site's padding, not Bungie's.
const projectionPadding = ['name', 'iconImagePath', 'colorImagePath'];

/** The projection pads absent values with null; Bungie leaves them out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)])
  );
}

/**
 * Gives a projected definition the fields Bungie has and the projection dropped, derived from what
 * it kept, and names them in `__derived` (see test/fixtures/bungie/PROVENANCE.md).
 */
function completeProjected(
  def: RawDefinition,
  equippableBuckets: ReadonlySet<number>,
  plugs: ReadonlySet<number>
): RawDefinition {
  const out = withoutNulls(def) as RawDefinition;
  for (const key of projectionPadding) delete out[key];
  const bucketHash = def.inventory?.bucketTypeHash ?? 0;
  const itemType = deriveItemType(def.itemCategoryHashes);
  const equippable = equippableBuckets.has(bucketHash);
  const uniqueLabel = deriveUniqueLabel(itemType, def.inventory?.tierType ?? 0);
  out.itemType = itemType;
  out.equippable = equippable;
  out.nonTransferrable = false;
  out.inventory = { ...def.inventory, maxStackSize: equippable ? 1 : 9999 };
  out.equippingBlock = uniqueLabel ? { uniqueLabel } : {};
  out.__derived = [
    'itemType',
    'equippable',
    'nonTransferrable',
    'inventory.maxStackSize',
    'equippingBlock.uniqueLabel'
  ];
  // The projection dropped `plug` too: a definition some socket holds is a plug (its category
  // unknown), which is what the manifest's readers go by.
  if (plugs.has(def.hash)) {
    out.plug = {};
    (out.__derived as string[]).push('plug');
  }
  return out;
}

function rulesOf(def: RawDefinition): ItemRules {
  const itemType = def.itemType ?? 0;
  const tierType = def.inventory?.tierType ?? 0;
  return {
    hash: def.hash,
    name: def.displayProperties?.name ?? '',
    bucketHash: def.inventory?.bucketTypeHash ?? 0,
    classType: def.classType ?? 3,
    tierType,
    itemType,
    equippable: def.equippable ?? false,
    uniqueLabel: def.equippingBlock?.uniqueLabel || deriveUniqueLabel(itemType, tierType),
    maxStackSize: def.inventory?.maxStackSize ?? 1,
    nonTransferrable: def.nonTransferrable ?? false
  };
}

interface CapturedProfile {
  Response: {
    profileInventory: { data: { items: DestinyItemComponent[] } };
    characters: { data: Record<string, DestinyCharacterComponent> };
    characterInventories: { data: Record<string, { items: DestinyItemComponent[] }> };
    characterEquipment: { data: Record<string, { items: DestinyItemComponent[] }> };
    itemComponents: { instances: { data: Record<string, DestinyItemInstanceComponent> } } & Record<
      string,
      unknown
    >;
  } & Record<string, unknown>;
}

interface LinkedProfiles {
  profiles: (Record<string, unknown> & {
    membershipType: number;
    membershipId: string;
    displayName: string;
  })[];
  bnetMembership: {
    membershipId: string;
    displayName: string;
    supplementalDisplayName: string;
    iconPath: string;
  };
}

/** The account of the captured profile, shaped as GetMembershipsForCurrentUser answers it. */
function membershipsOf(linked: LinkedProfiles): UserMembershipData {
  const primary = linked.profiles[0]!;
  const bnet = linked.bnetMembership;
  return {
    destinyMemberships: [
      {
        LastSeenDisplayName: primary.displayName,
        LastSeenDisplayNameType: primary.membershipType,
        iconPath: '/img/theme/bungienet/icons/psnLogo.png',
        crossSaveOverride: primary.crossSaveOverride as number,
        applicableMembershipTypes: primary.applicableMembershipTypes as number[],
        isPublic: primary.isPublic as boolean,
        membershipType: primary.membershipType,
        membershipId: primary.membershipId,
        displayName: primary.displayName,
        bungieGlobalDisplayName: primary.bungieGlobalDisplayName as string,
        bungieGlobalDisplayNameCode: primary.bungieGlobalDisplayNameCode as number
      } as UserMembershipData['destinyMemberships'][number]
    ],
    primaryMembershipId: primary.membershipId,
    bungieNetUser: {
      membershipId: bnet.membershipId,
      uniqueName: bnet.supplementalDisplayName,
      displayName: bnet.displayName,
      profilePicture: 0,
      profileTheme: 0,
      userTitle: 0,
      successMessageFlags: '0',
      isDeleted: false,
      about: '',
      firstAccess: '2017-09-06T00:00:00Z',
      lastUpdate: '2021-05-28T07:22:03Z',
      showActivity: true,
      locale: 'en',
      localeInheritDefault: true,
      showGroupMessaging: true,
      profilePicturePath: bnet.iconPath,
      profileThemeName: '',
      userTitleDisplay: 'Newbie',
      statusText: '',
      statusDate: '2021-05-28T07:22:03Z',
      cachedBungieGlobalDisplayName: bnet.displayName,
      cachedBungieGlobalDisplayNameCode: 9226
    } as UserMembershipData['bungieNetUser']
  };
}

/** Every plug hash a definition's sockets or the captured profile's sockets (305, 310) name. */
function plugHashesIn(
  definitions: RawDefinition[],
  itemComponents: Record<string, unknown>
): Set<number> {
  const plugs = new Set<number>();
  type Entries = {
    socketEntries?: {
      singleInitialItemHash?: number;
      reusablePlugItems?: { plugItemHash: number }[];
    }[];
  };
  for (const def of definitions) {
    for (const entry of (def.sockets as Entries | undefined)?.socketEntries ?? []) {
      if (entry.singleInitialItemHash) plugs.add(entry.singleInitialItemHash);
      for (const item of entry.reusablePlugItems ?? []) plugs.add(item.plugItemHash);
    }
  }
  const { sockets, reusablePlugs } = itemComponents as {
    sockets: { data: Record<string, { sockets: { plugHash?: number }[] }> };
    reusablePlugs: { data: Record<string, { plugs: Record<string, { plugItemHash: number }[]> }> };
  };
  for (const item of Object.values(sockets.data))
    for (const socket of item.sockets) if (socket.plugHash) plugs.add(socket.plugHash);
  for (const item of Object.values(reusablePlugs.data))
    for (const list of Object.values(item.plugs)) for (const p of list) plugs.add(p.plugItemHash);
  return plugs;
}

/** The `real` data set: the captured 2021 profile and the bundled real definition tables. */
export function loadRealDataset(): Dataset {
  const bucketDefs = readFixture<Record<string, DestinyInventoryBucketDefinition>>(
    'DestinyInventoryBucketDefinition.2023-04-13.json'
  );
  const buckets = readBucketTable(bucketDefs);
  const equippableBuckets = new Set(
    [...buckets.values()].filter((b) => b.category === 3).map((b) => b.hash)
  );

  // Entries kept as JSON text: about 50 MB, a fraction of the parsed objects' size.
  const entries = new Map<string, string>();
  const rules = new Map<number, ItemRules>();
  const projected = readFixture<Record<string, RawDefinition>>(
    'DestinyInventoryItemDefinition.projected.json.gz'
  );
  const plugs = plugHashesIn(
    Object.values(projected),
    readFixture<CapturedProfile>('GetProfile.dim-2021-05-28.json').Response.itemComponents
  );
  for (const [key, def] of Object.entries(projected)) {
    const complete = completeProjected(def, equippableBuckets, plugs);
    entries.set(key, JSON.stringify(complete));
    rules.set(def.hash, rulesOf(complete));
  }
  const raw = readFixture<Record<string, RawDefinition>>(
    'DestinyInventoryItemDefinition.raw-subset.json.gz'
  );
  for (const [key, def] of Object.entries(raw)) {
    entries.set(key, JSON.stringify(def));
    rules.set(def.hash, rulesOf(def));
  }

  const renameable = [...rules.values()]
    .filter((r) => r.name && (r.itemType === 3 || r.itemType === 2))
    .map((r) => r.hash);
  const manifest = readFixture<{ Response: { version: string } }>(
    'GetManifest.flat-destiny-2026-06-23.json'
  );
  const linked = readFixture<LinkedProfiles>('GetLinkedProfiles.dim-vidboi-2025-07-15.json');
  const exotics = [...rules.values()].filter(
    (r) => r.tierType === 6 && (r.itemType === 3 || r.itemType === 2) && r.name
  );

  return {
    name: 'real',
    baseVersion: manifest.Response.version,
    buckets,
    itemRules: (hash) => rules.get(hash),
    smallTables: {
      ...loadoutTables(),
      DestinyInventoryBucketDefinition: bucketDefs,
      DestinyClassDefinition: readFixture('DestinyClassDefinition.json'),
      DestinyDamageTypeDefinition: readFixture('DestinyDamageTypeDefinition.json'),
      DestinyStatDefinition: readFixture('DestinyStatDefinition.json'),
      DestinyStatGroupDefinition: readFixture('DestinyStatGroupDefinition.2023-04-13.json'),
      DestinySocketTypeDefinition: readFixture('DestinySocketTypeDefinition.2019-06-23.json'),
      DestinySocketCategoryDefinition: readFixture(
        'DestinySocketCategoryDefinition.2019-06-23.json'
      ),
      DestinyRaceDefinition: readFixture('DestinyRaceDefinition.json'),
      DestinyGenderDefinition: readFixture('DestinyGenderDefinition.json'),
      DestinyItemCategoryDefinition: readFixture('DestinyItemCategoryDefinition.2019-06-23.json')
    },
    xurStock: [exotics[3], exotics[40], exotics[77], exotics[120], exotics[200]]
      .filter((r): r is ItemRules => r !== undefined)
      .map((r) => r.hash),
    createAccount() {
      // Parsed anew: the account's items are these very objects, changed in place by moves.
      const captured = readFixture<CapturedProfile>('GetProfile.dim-2021-05-28.json').Response;
      const primary = linked.profiles[0]!;
      const byCharacter = <T>(data: Record<string, { items: T[] }>) =>
        Object.fromEntries(Object.entries(data).map(([id, v]) => [id, v.items]));
      const { itemComponents, profileCurrencies, profilePlugSets, characterPlugSets } = captured;
      return accountFromProfile({
        membershipType: primary.membershipType,
        membershipId: primary.membershipId,
        memberships: membershipsOf(linked),
        profile: {
          characters: captured.characters.data,
          profileInventory: captured.profileInventory.data.items,
          characterInventories: byCharacter(captured.characterInventories.data),
          characterEquipment: byCharacter(captured.characterEquipment.data),
          instances: itemComponents.instances.data
        },
        passthrough: {
          profileCurrencies,
          profilePlugSets,
          characterPlugSets,
          sockets: itemComponents.sockets,
          reusablePlugs: itemComponents.reusablePlugs
        }
      });
    },
    writeItemTable(file, revision, change = {}) {
      const changed = new Set(changedByRevision(renameable, revision, change.count));
      function* revised(): Generator<[string, string]> {
        for (const [key, json] of entries) {
          if (!changed.has(Number(key))) {
            yield [key, json];
            continue;
          }
          const def = JSON.parse(json) as RawDefinition;
          const displayProperties = {
            ...def.displayProperties,
            name: revisedName(def.displayProperties?.name ?? '', revision, change.hostile)
          };
          yield [key, JSON.stringify({ ...def, displayProperties })];
        }
      }
      return writeTable(file, revised());
    }
  };
}
