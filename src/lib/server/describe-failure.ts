import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BungieError } from '../bungie/client/bungie-error';
import {
  BAD_APP_KEY,
  ErrorCodes as C,
  MAINTENANCE,
  THROTTLED,
  TOKEN_REJECTED
} from '../bungie/error-codes';
import { ApiError } from './errors';

export interface Failure {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * The game refusing an item action: permanent (trying again will not help), answered 409 with words
 * the player understands.
 */
const GAME_REFUSALS: Record<number, [code: string, message: string]> = {
  [C.DestinyCharacterNotFound]: [
    'character_not_found',
    'That character is no longer on your account.'
  ],
  [C.DestinyItemNotFound]: [
    'item_not_found',
    'Bungie.net could not find that item where it was expected; it may have been moved in the game.'
  ],
  [C.DestinyItemUnequippable]: ['cannot_equip', 'That item cannot be equipped.'],
  [C.DestinyItemUniqueEquipRestricted]: [
    'exotic_limit',
    'Only one exotic of that kind can be equipped at a time.'
  ],
  [C.DestinyNoRoomInDestination]: ['no_room', 'There is no room for that item there.'],
  [C.DestinyCannotPerformActionOnEquippedItem]: [
    'item_equipped',
    'That item is equipped; equip something else in its place first.'
  ],
  [C.DestinyItemNotTransferrable]: ['not_transferable', 'That item cannot be transferred.'],
  [C.DestinyItemActionForbidden]: [
    'action_forbidden',
    'Destiny 2 does not allow that on this item (it may be for another class, or not lockable).'
  ],
  [C.DestinyCannotPerformActionAtThisLocation]: [
    'in_activity',
    'That character is in an activity; equipping has to wait until they are in orbit or a social space.'
  ]
};

/**
 * One item's refusal inside an answer that succeeded as a whole (EquipItems gives each item its
 * own PlatformErrorCode): the same words as the refusal of a single action.
 */
export function describeItemRefusal(errorCode: number): { code: string; message: string } {
  const refusal = GAME_REFUSALS[errorCode];
  if (refusal) return { code: refusal[0], message: refusal[1] };
  return { code: 'bungie_error', message: `Bungie.net refused it (error ${errorCode}).` };
}

/** Turns any thrown error into the status, code and player-facing words of an API error. Never leaks a stack. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof ApiError)
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.retryAfterSeconds && { retryAfterSeconds: error.retryAfterSeconds })
    };
  if (error instanceof BungieError) return describeBungieError(error);
  return {
    status: 500,
    code: 'internal',
    message: 'Something went wrong on our side. Please try again.'
  };
}

function describeBungieError(error: BungieError): Failure {
  if (error.status === 'Timeout')
    return {
      status: 504,
      code: 'bungie_timeout',
      message: 'Bungie.net did not answer in time. Try again in a moment.'
    };
  if (error.status === 'Unreachable')
    return {
      status: 502,
      code: 'bungie_unreachable',
      message: 'Bungie.net could not be reached. Try again in a moment.'
    };
  if (error.status === 'Unreadable')
    return {
      status: 502,
      code: 'bungie_unavailable',
      message: 'Bungie.net is having trouble right now. Try again in a moment.'
    };
  if (MAINTENANCE.has(error.code))
    return {
      status: 503,
      code: 'bungie_maintenance',
      message: 'Bungie.net is down for maintenance.'
    };
  if (THROTTLED.has(error.code)) {
    return {
      status: 429,
      code: 'bungie_throttled',
      message: 'Bungie.net asked us to slow down. Trying again shortly.',
      retryAfterSeconds: Math.max(1, error.throttleSeconds)
    };
  }
  if (TOKEN_REJECTED.has(error.code))
    return {
      status: 401,
      code: 'signed_out',
      message: 'Your Bungie.net sign-in has ended. Sign in again.'
    };
  const refusal = GAME_REFUSALS[error.code];
  if (refusal) return { status: 409, code: refusal[0], message: refusal[1] };
  if (BAD_APP_KEY.has(error.code))
    return {
      status: 502,
      code: 'bungie_app_misconfigured',
      message: 'This Vault Raider server is not set up correctly for Bungie.net (API key).'
    };
  return { status: 502, code: 'bungie_error', message: `Bungie.net: ${error.message}` };
}
