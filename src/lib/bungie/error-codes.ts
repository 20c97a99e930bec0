/**
 * Bungie's PlatformErrorCodes the app acts on, named once and grouped by what they mean for the
 * caller. bungie-api-ts declares `PlatformErrorCodes` as a `const enum`, which isolated modules
 * cannot read at run time, so the values are written here under the enum's own names.
 */
export const ErrorCodes = {
  Success: 1,
  SystemDisabled: 5,
  ThrottleLimitExceeded: 31,
  ThrottleLimitExceededMinutes: 35,
  ThrottleLimitExceededMomentarily: 36,
  ThrottleLimitExceededSeconds: 37,
  PerEndpointRequestThrottleExceeded: 51,
  PerUserThrottleExceeded: 57,
  WebAuthRequired: 99,
  DestinyCharacterNotFound: 1620,
  DestinyItemNotFound: 1623,
  DestinyItemUnequippable: 1640,
  DestinyItemUniqueEquipRestricted: 1641,
  DestinyNoRoomInDestination: 1642,
  DestinyCannotPerformActionOnEquippedItem: 1656,
  DestinyItemNotTransferrable: 1660,
  DestinyItemActionForbidden: 1663,
  DestinyCannotPerformActionAtThisLocation: 1671,
  DestinyThrottledByGameServer: 1672,
  ApiInvalidOrExpiredKey: 2101,
  ApiKeyMissingFromRequest: 2102,
  AccessTokenHasExpired: 2111,
  OAuthAccessTokenExpired: 2115
} as const;

const C = ErrorCodes;

/** Bungie is down for maintenance. */
export const MAINTENANCE: ReadonlySet<number> = new Set([C.SystemDisabled]);

/** "Slow down": the envelope says how long in ThrottleSeconds. */
export const THROTTLED: ReadonlySet<number> = new Set([
  C.ThrottleLimitExceeded,
  C.ThrottleLimitExceededMinutes,
  C.ThrottleLimitExceededMomentarily,
  C.ThrottleLimitExceededSeconds,
  C.PerEndpointRequestThrottleExceeded,
  C.PerUserThrottleExceeded,
  C.DestinyThrottledByGameServer
]);

/** The player's token, not the call, is bad: a renewed token may succeed, else the sign-in has ended. */
export const TOKEN_REJECTED: ReadonlySet<number> = new Set([
  C.WebAuthRequired,
  C.AccessTokenHasExpired,
  C.OAuthAccessTokenExpired
]);

/** The app's API key is missing or refused: the server is misconfigured, not the player's fault. */
export const BAD_APP_KEY: ReadonlySet<number> = new Set([
  C.ApiInvalidOrExpiredKey,
  C.ApiKeyMissingFromRequest
]);
