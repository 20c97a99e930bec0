import type { DestinyComponentType } from 'bungie-api-ts/destiny2';

/**
 * The DestinyComponentType values the app asks for. bungie-api-ts declares the enum as a
 * `const enum` (not readable at run time in isolated modules); these carry the enum's type, so the
 * endpoint helpers take them without a cast.
 */
export const ComponentType = {
  ProfileInventories: 102,
  Characters: 200,
  CharacterInventories: 201,
  CharacterEquipment: 205,
  CharacterLoadouts: 206,
  ItemInstances: 300,
  ItemSockets: 305,
  ItemPlugObjectives: 309,
  ItemReusablePlugs: 310,
  Vendors: 400,
  VendorSales: 402
} as const satisfies Record<string, DestinyComponentType>;

/**
 * What `/api/profile` asks GetProfile for: characters, their inventories, equipment and in-game
 * loadout slots, the vault,
 * item instances (power), and for the item sheet each instance's sockets, the plugs selectable in
 * them and what those plugs track. The benchmarks ask for the same, for a fair baseline.
 */
export const PROFILE_COMPONENTS = [
  ComponentType.Characters,
  ComponentType.CharacterInventories,
  ComponentType.CharacterEquipment,
  ComponentType.CharacterLoadouts,
  ComponentType.ProfileInventories,
  ComponentType.ItemInstances,
  ComponentType.ItemSockets,
  ComponentType.ItemPlugObjectives,
  ComponentType.ItemReusablePlugs
];

/** What only the item sheet, searches and roll judgments read: each instance's sockets and plugs. */
export const ITEM_DETAIL_COMPONENTS: readonly number[] = [
  ComponentType.ItemSockets,
  ComponentType.ItemPlugObjectives,
  ComponentType.ItemReusablePlugs
];

/**
 * Where every item is, without its details: what the move runner's reads need. Sockets and plugs
 * are most of Bungie's answer (and of the time it takes to make and read), and a move changes none.
 */
export const PLACEMENT_COMPONENTS = PROFILE_COMPONENTS.filter(
  (component) => !ITEM_DETAIL_COMPONENTS.includes(component)
);
