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
  ItemInstances: 300,
  Vendors: 400,
  VendorSales: 402
} as const satisfies Record<string, DestinyComponentType>;
