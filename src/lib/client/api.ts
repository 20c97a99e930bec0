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

/**
 * Whether the app's server answered its last call. The browser's `navigator.onLine` only says a
 * network is connected (a café's Wi-Fi without internet counts), and emulated offline networks may
 * not change it at all: what the app's own calls find is the better word.
 */
let reachable = true;
const reachabilityListeners = new Set<(reachable: boolean) => void>();

/** Calls `listener` whenever the server becomes reachable or unreachable; returns a stop function. */
export function onReachability(listener: (reachable: boolean) => void): () => void {
  reachabilityListeners.add(listener);
  return () => reachabilityListeners.delete(listener);
}

/** Whether the last call reached the server (true until a call fails for the network). */
export function serverReachable(): boolean {
  return reachable;
}

function noteReachable(now: boolean): void {
  if (now === reachable) return;
  reachable = now;
  for (const listener of reachabilityListeners) listener(now);
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
    noteReachable(false);
    throw new ApiCallError(0, 'offline', 'No connection. Showing what is on this device.');
  }
  noteReachable(true);
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
