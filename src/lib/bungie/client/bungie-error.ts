import type { ServerResponse } from 'bungie-api-ts/destiny2';

/** A Bungie call that did not succeed: an error envelope, an unreadable answer, or no answer at all. */
export class BungieError extends Error {
  /** Bungie's ErrorCode, or 0 when Bungie gave none. */
  readonly code: number;
  readonly status: string;
  readonly httpStatus: number;
  readonly throttleSeconds: number;

  constructor(init: {
    code: number;
    status: string;
    message: string;
    httpStatus: number;
    throttleSeconds?: number;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = 'BungieError';
    this.code = init.code;
    this.status = init.status;
    this.httpStatus = init.httpStatus;
    this.throttleSeconds = init.throttleSeconds ?? 0;
  }

  static fromEnvelope(httpStatus: number, envelope: ServerResponse<unknown>): BungieError {
    return new BungieError({
      code: envelope.ErrorCode,
      status: envelope.ErrorStatus,
      message: envelope.Message,
      httpStatus,
      throttleSeconds: envelope.ThrottleSeconds
    });
  }

  /**
   * An answer with no envelope. During maintenance Bungie's load balancer answers 503 with an HTML
   * page, and its OAuth endpoints `{error, error_description: "SystemDisabled"}`: both are read as
   * Bungie's own maintenance code (5), so the player hears the same words as for the envelope.
   */
  static unreadable(httpStatus: number, body: string): BungieError {
    if (httpStatus === 503 || /SystemDisabled/.test(oauthDescription(body))) {
      return new BungieError({
        code: 5,
        status: 'SystemDisabled',
        message: `Bungie.net is down for maintenance (HTTP ${httpStatus}, no envelope)`,
        httpStatus
      });
    }
    return new BungieError({
      code: 0,
      status: 'Unreadable',
      message: `Bungie.net answered HTTP ${httpStatus} with no readable envelope (${body.slice(0, 80)})`,
      httpStatus
    });
  }

  static unreachable(cause: unknown): BungieError {
    const timedOut =
      cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
    return new BungieError({
      code: 0,
      status: timedOut ? 'Timeout' : 'Unreachable',
      message: timedOut ? 'Bungie.net did not answer in time' : 'Bungie.net could not be reached',
      httpStatus: 0,
      cause
    });
  }
}

/** The `error_description` of an OAuth-style error body, or '' when the body is not one. */
function oauthDescription(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const description =
      typeof parsed === 'object' && parsed !== null
        ? (parsed as { error_description?: unknown }).error_description
        : undefined;
    return typeof description === 'string' ? description : '';
  } catch {
    return '';
  }
}
