// Over 200 lines: GetProfile's components, each built the way Bungie shapes it, side by side.
import { SimError } from '../errors.ts';
import { okEnvelope } from '../errors.ts';
import type { SimAccount, SimItem } from '../account.ts';
import type { SimWorld } from '../world.ts';
import type { RouteModule } from './context.ts';
import { requireBearer } from './platform-guard.ts';

// DestinyComponentType: the numbers and the names Bungie accepts for the components served here.
const componentNames: Record<string, number> = {
  profiles: 100,
  profileinventories: 102,
  profilecurrencies: 103,
  profileplugsets: 105,
  characters: 200,
  characterinventories: 201,
  characterequipment: 205,
  characterloadouts: 206,
  iteminstances: 300,
  itemsockets: 305,
  itemplugobjectives: 309,
  itemreusableplugs: 310
};
const PUBLIC = 1;
const PRIVATE = 2;
// Components only the signed-in owner may read; others get `{privacy: 2}` with no data.
const privateComponents = new Set([102, 103, 105, 201, 206, 300, 305, 309, 310]);

export function parseComponents(raw: string | undefined): Set<number> | undefined {
  if (!raw) return undefined;
  const out = new Set<number>();
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const n = /^\d+$/.test(part) ? Number(part) : componentNames[part.toLowerCase()];
    if (n === undefined) return undefined;
    out.add(n);
  }
  return out.size > 0 ? out : undefined;
}

const itemsOf = (account: SimAccount, pick: (i: SimItem) => boolean) =>
  account.items.filter(pick).map((i) => i.component);

function byCharacter<T>(account: SimAccount, build: (characterId: string) => T): Record<string, T> {
  return Object.fromEntries(account.characters.map((c) => [c.characterId, build(c.characterId)]));
}

/** GetProfile's response for the requested components, built from the account as it is now. */
export function buildProfileResponse(world: SimWorld, components: Set<number>, isOwner: boolean) {
  const { account } = world;
  const minted = new Date(world.now()).toISOString();
  const response: Record<string, unknown> = {
    responseMintedTimestamp: minted,
    secondaryComponentsMintedTimestamp: minted
  };
  const component = (type: number, data: () => unknown) => {
    if (!components.has(type)) return undefined;
    if (privateComponents.has(type) && !isOwner) return { privacy: PRIVATE };
    return { data: data(), privacy: privateComponents.has(type) ? PRIVATE : PUBLIC };
  };
  const onCharacter = (id: string, equipped: boolean) => (i: SimItem) =>
    i.owner.kind === 'character' && i.owner.characterId === id && i.equipped === equipped;
  const entries: [string, unknown][] = [
    [
      'profile',
      component(100, () => ({
        userInfo: {
          crossSaveOverride: account.memberships.destinyMemberships[0]?.crossSaveOverride ?? 0,
          applicableMembershipTypes:
            account.memberships.destinyMemberships[0]?.applicableMembershipTypes ?? [],
          isPublic: account.memberships.destinyMemberships[0]?.isPublic ?? false,
          membershipType: account.membershipType,
          membershipId: account.membershipId,
          displayName: account.memberships.destinyMemberships[0]?.displayName ?? '',
          bungieGlobalDisplayName:
            account.memberships.destinyMemberships[0]?.bungieGlobalDisplayName ?? '',
          bungieGlobalDisplayNameCode:
            account.memberships.destinyMemberships[0]?.bungieGlobalDisplayNameCode ?? 0
        },
        dateLastPlayed: account.dateLastPlayed,
        versionsOwned: 31,
        characterIds: account.characters.map((c) => c.characterId),
        seasonHashes: account.seasonHashes,
        eventCardHashesOwned: [],
        currentGuardianRank: 1,
        lifetimeHighestGuardianRank: 1,
        renewedGuardianRank: 0
      }))
    ],
    [
      'profileInventory',
      component(102, () => ({ items: itemsOf(account, (i) => i.owner.kind !== 'character') }))
    ],
    [
      'profileCurrencies',
      components.has(103)
        ? isOwner
          ? (account.passthrough.profileCurrencies ?? { data: { items: [] }, privacy: PRIVATE })
          : { privacy: PRIVATE }
        : undefined
    ],
    [
      'profilePlugSets',
      components.has(105)
        ? isOwner
          ? (account.passthrough.profilePlugSets ?? { data: { plugs: {} }, privacy: PRIVATE })
          : { privacy: PRIVATE }
        : undefined
    ],
    [
      'characters',
      component(200, () =>
        byCharacter(account, (id) => account.characters.find((c) => c.characterId === id))
      )
    ],
    [
      'characterInventories',
      component(201, () =>
        byCharacter(account, (id) => ({ items: itemsOf(account, onCharacter(id, false)) }))
      )
    ],
    [
      'characterEquipment',
      component(205, () =>
        byCharacter(account, (id) => ({ items: itemsOf(account, onCharacter(id, true)) }))
      )
    ],
    [
      'characterLoadouts',
      component(206, () => byCharacter(account, (id) => ({ loadouts: account.loadouts[id] ?? [] })))
    ]
  ];
  for (const [key, value] of entries) if (value !== undefined) response[key] = value;

  const itemComponents: Record<string, unknown> = {};
  const instances = component(300, () =>
    Object.fromEntries(
      account.items
        .filter((i) => i.instance && i.component.itemInstanceId)
        .map((i) => [i.component.itemInstanceId, i.instance])
    )
  );
  if (instances) itemComponents.instances = instances;
  if (components.has(305))
    itemComponents.sockets = isOwner
      ? (account.passthrough.sockets ?? { data: {}, privacy: PRIVATE })
      : { privacy: PRIVATE };
  if (components.has(309))
    itemComponents.plugObjectives = isOwner
      ? (account.passthrough.plugObjectives ?? { data: {}, privacy: PRIVATE })
      : { privacy: PRIVATE };
  if (components.has(310))
    itemComponents.reusablePlugs = isOwner
      ? (account.passthrough.reusablePlugs ?? { data: {}, privacy: PRIVATE })
      : { privacy: PRIVATE };
  if (Object.keys(itemComponents).length > 0) response.itemComponents = itemComponents;
  return response;
}

export const profileRoutes: RouteModule = (app, world) => {
  app.get('/Platform/User/GetMembershipsForCurrentUser', requireBearer(world), (c) => {
    const { memberships } = world.account;
    if (c.get('bungieNetId') !== memberships.bungieNetUser.membershipId) throw new SimError(1601);
    return c.json(okEnvelope(memberships));
  });

  // Every Destiny membership linked to a Bungie.net account (membershipType 254) or to one of its memberships.
  app.get('/Platform/Destiny2/:membershipType/Profile/:membershipId/LinkedProfiles', (c) => {
    const { account } = world;
    const { memberships } = account;
    const user = memberships.bungieNetUser;
    const membershipId = c.req.param('membershipId');
    const known =
      membershipId === user.membershipId ||
      memberships.destinyMemberships.some((m) => m.membershipId === membershipId);
    if (!known) throw new SimError(1601);
    const profiles = memberships.destinyMemberships
      .filter((m) => m.membershipId === account.membershipId)
      .map((m) => ({
        dateLastPlayed: account.dateLastPlayed,
        isOverridden: false,
        isCrossSavePrimary: memberships.primaryMembershipId === m.membershipId,
        crossSaveOverride: m.crossSaveOverride,
        applicableMembershipTypes: m.applicableMembershipTypes,
        isPublic: m.isPublic,
        membershipType: m.membershipType,
        membershipId: m.membershipId,
        displayName: m.displayName,
        bungieGlobalDisplayName: m.bungieGlobalDisplayName,
        bungieGlobalDisplayNameCode: m.bungieGlobalDisplayNameCode
      }));
    return c.json(
      okEnvelope({
        profiles,
        bnetMembership: {
          supplementalDisplayName: user.uniqueName,
          iconPath: user.profilePicturePath,
          crossSaveOverride: 0,
          isPublic: false,
          membershipType: 254,
          membershipId: user.membershipId,
          displayName: user.displayName,
          bungieGlobalDisplayName: user.cachedBungieGlobalDisplayName,
          bungieGlobalDisplayNameCode: user.cachedBungieGlobalDisplayNameCode
        },
        profilesWithErrors: []
      })
    );
  });

  app.get('/Platform/Destiny2/:membershipType/Profile/:membershipId', (c) => {
    const { account } = world;
    const membershipType = Number(c.req.param('membershipType'));
    const membershipId = c.req.param('membershipId');
    if (!/^\d+$/.test(membershipId) || !Number.isInteger(membershipType)) throw new SimError(18);
    if (membershipId !== account.membershipId) throw new SimError(1601);
    if (membershipType !== account.membershipType) throw new SimError(18);
    const components = parseComponents(c.req.query('components'));
    if (!components) throw new SimError(18);
    let isOwner = false;
    if (c.req.header('Authorization') !== undefined) {
      const check = world.oauth.checkBearer(c.req.header('Authorization'));
      if (!check.ok) throw new SimError(check.code);
      isOwner = check.bungieNetId === account.memberships.bungieNetUser.membershipId;
    }
    return c.json(okEnvelope(buildProfileResponse(world, components, isOwner)));
  });
};
