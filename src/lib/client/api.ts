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
  let response: Response;
  try {
    // Same-origin, so the session cookie goes along (fetch's default credentials mode).
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiCallError(0, 'offline', 'No connection. Showing what is on this device.');
  }
  const body = (await response.json().catch(() => undefined)) as (T & Partial<ApiErrorBody>) | undefined;
  if (!response.ok) {
    const error = body?.error;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiCallError(response.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${response.status}.`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  return body as T;
}

export function postApi<T>(path: string, body?: unknown): Promise<T> {
  return callApi<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
}
