import type { ApiErrorBody } from '$lib/shared/api-shapes';

/** An /api call that did not succeed: the server's `{error: {code, message}}`, or `offline`. */
export class ApiCallError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's Retry-After, when it said how long to wait. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, code: string, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiCallError';
    this.status = status;
    this.code = code;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Calls Vault Raider's own API (same origin, session cookie included) and parses its JSON. */
export async function callApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  // An answer without a body (204) reads as undefined.
  return (await requestApi(path, init)).json().catch(() => undefined) as Promise<T>;
}

/**
 * Calls Vault Raider's own API and answers its response when it succeeded (2xx, or `304` to a
 * conditional request); anything else becomes an `ApiCallError` with the server's words.
 */
export async function requestApi(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    // Same-origin, so the session cookie goes along (fetch's default credentials mode).
    response = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...init.headers }
    });
  } catch {
    throw new ApiCallError(0, 'offline', 'No connection. Showing what is on this device.');
  }
  if (response.ok || response.status === 304) return response;
  const error = (
    (await response.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined
  )?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiCallError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `The server answered ${response.status}.`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined
  );
}

export function postApi<T>(path: string, body?: unknown): Promise<T> {
  return callApi<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
}
