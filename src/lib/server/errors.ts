import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error a route means to show the caller: the body is `{error: {code, message}}`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  /** Sent as Retry-After: how long the caller should wait before asking again. */
  readonly retryAfterSeconds?: number;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    retryAfterSeconds?: number
  ) {
    super(message);
    this.status = status;
    this.code = code;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
