import type { PlatformErrorCodes } from 'bungie-api-ts/destiny2';

/**
 * The Bungie error codes the simulator answers with. Names are Bungie's `ErrorStatus`; messages are
 * Bungie's own words where one was captured (see test/fixtures/bungie/error-envelopes…json).
 */
const catalog = {
  1: ['Success', 'Ok'],
  3: ['UnhandledException', 'An unexpected error has occurred.'],
  5: ['SystemDisabled', 'This system is temporarily disabled for maintenance.'],
  7: [
    'ParameterParseFailure',
    'Unable to parse your parameters. Please correct them, and try again.'
  ],
  18: [
    'InvalidParameters',
    'The input parameters were invalid, please enter valid input, and try again.'
  ],
  36: ['ThrottleLimitExceededMomentarily', 'Please wait a few moments and try your request again.'],
  99: ['WebAuthRequired', 'Please sign-in to continue.'],
  1601: ['DestinyAccountNotFound', 'We were unable to find your Destiny account information.'],
  1620: ['DestinyCharacterNotFound', 'The character you requested was not found.'],
  1623: ['DestinyItemNotFound', 'The item requested was not found.'],
  1627: ['DestinyVendorNotFound', 'The Vendor you requested was not found.'],
  1640: ['DestinyItemUnequippable', 'This item cannot be equipped.'],
  1641: ['DestinyItemUniqueEquipRestricted', 'You can only have one item of this type equipped.'],
  1642: ['DestinyNoRoomInDestination', 'There are no item slots available to transfer this item.'],
  1656: [
    'DestinyCannotPerformActionOnEquippedItem',
    'You cannot perform this action on an equipped item.'
  ],
  1660: ['DestinyItemNotTransferrable', 'This item cannot be transferred.'],
  1663: ['DestinyItemActionForbidden', 'You are not allowed to perform this action on this item.'],
  1671: [
    'DestinyCannotPerformActionAtThisLocation',
    'You cannot perform this action at your current location.'
  ],
  1672: ['DestinyThrottledByGameServer', 'The game server is busy; wait a moment and try again.'],
  2101: ['ApiInvalidOrExpiredKey', 'The API key provided is invalid or has expired.'],
  2102: ['ApiKeyMissingFromRequest', 'An API key is required to access this resource.'],
  2111: ['AccessTokenHasExpired', 'Your access token has expired. Please refresh it.']
} as const satisfies Record<number, readonly [string, string]>;

export type SimErrorCode = keyof typeof catalog;

/** Bungie answers most platform errors with HTTP 500; these get their own status. */
function httpStatusFor(code: SimErrorCode): 200 | 401 | 429 | 500 | 503 {
  switch (code) {
    case 1:
      return 200;
    case 5:
      return 503;
    case 99:
    case 2101:
    case 2102:
    case 2111:
      return 401;
    case 36:
    case 1672:
      return 429;
    default:
      return 500;
  }
}

export interface Envelope<T> {
  Response: T;
  ErrorCode: PlatformErrorCodes;
  ThrottleSeconds: number;
  ErrorStatus: string;
  Message: string;
  MessageData: Record<string, string>;
}

export function okEnvelope<T>(response: T): Envelope<T> {
  return {
    Response: response,
    ErrorCode: 1,
    ThrottleSeconds: 0,
    ErrorStatus: 'Success',
    Message: 'Ok',
    MessageData: {}
  };
}

/** A failure the routes throw; `app.onError` turns it into Bungie's envelope. */
export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly throttleSeconds: number;
  readonly messageData: Record<string, string>;

  constructor(
    code: SimErrorCode,
    options: { throttleSeconds?: number; messageData?: Record<string, string> } = {}
  ) {
    super(catalog[code][1]);
    this.code = code;
    this.throttleSeconds = options.throttleSeconds ?? 0;
    this.messageData = options.messageData ?? {};
  }

  get status(): number {
    return httpStatusFor(this.code);
  }

  /** Action endpoints answer `Response: 0` on failure; GETs leave `Response` out (both seen in real captures). */
  toEnvelope(withResponse: boolean): Partial<Envelope<number>> {
    const [status, message] = catalog[this.code];
    return {
      ...(withResponse ? { Response: 0 } : {}),
      ErrorCode: this.code,
      ThrottleSeconds: this.throttleSeconds,
      ErrorStatus: status,
      Message: message,
      MessageData: this.messageData
    };
  }
}
