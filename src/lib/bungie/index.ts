/**
 * The Bungie vocabulary the app shares: types from bungie-api-ts (never written by hand) and the
 * few named numbers we rely on. bungie-api-ts declares its enums as `const enum`, which isolated
 * modules cannot read at run time, so the values used at run time are named here.
 */
export type { UserMembershipData, UserInfoCard, GeneralUser } from 'bungie-api-ts/user';
export type { GroupUserInfoCard } from 'bungie-api-ts/groupv2';
export type {
  BungieMembershipType,
  DestinyLinkedProfilesResponse,
  DestinyManifest,
  DestinyProfileUserInfoCard,
  PlatformErrorCodes,
  ServerResponse
} from 'bungie-api-ts/destiny2';

/** BungieMembershipType values. */
export const MembershipType = {
  None: 0,
  Xbox: 1,
  Psn: 2,
  Steam: 3,
  Stadia: 5,
  Egs: 6,
  BungieNext: 254
} as const;

export const MEMBERSHIP_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Xbox',
  2: 'PlayStation',
  3: 'Steam',
  5: 'Stadia',
  6: 'Epic Games',
  254: 'Bungie.net'
};
