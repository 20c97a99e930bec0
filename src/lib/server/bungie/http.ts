import type { HttpClient, HttpClientConfig } from 'bungie-api-ts/http';
import type { ServerResponse } from 'bungie-api-ts/destiny2';
import { BungieError } from './bungie-error';

/**
 * Bungie's HTTP client, built from one-job layers around `fetch`: each layer takes a fetch and
 * returns one, so a layer can be tested alone and the order is visible where the client is built.
 */
export type Fetch = (input: Request) => Promise<Response>;

const BUNGIE_ORIGIN = 'https://www.bungie.net';

/** bungie-api-ts builds URLs on www.bungie.net; this points them at `baseUrl` (the simulator locally). */
export function toRequest(config: HttpClientConfig, baseUrl: string): Request {
  const url = new URL(config.url.startsWith(BUNGIE_ORIGIN) ? baseUrl + config.url.slice(BUNGIE_ORIGIN.length) : config.url);
  for (const [key, value] of Object.entries(config.params ?? {})) {
    if (value !== undefined) url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return new Request(url, {
    method: config.method,
    headers: config.body === undefined ? {} : { 'content-type': 'application/json' },
    body: config.body === undefined ? undefined : JSON.stringify(config.body)
  });
}

export function withApiKey(fetch: Fetch, apiKey: string): Fetch {
  return (request) => {
    const next = new Request(request);
    next.headers.set('X-API-Key', apiKey);
    return fetch(next);
  };
}

/** Aborts a request that takes longer than `ms`; Bungie can hang during incidents. */
export function withTimeout(fetch: Fetch, ms: number): Fetch {
  return (request) => fetch(new Request(request, { signal: AbortSignal.timeout(ms) }));
}

/**
 * Reads Bungie's envelope; anything but ErrorCode 1 becomes a typed BungieError. Returns the whole
 * envelope, as bungie-api-ts's endpoint helpers expect of a client.
 */
export async function readEnvelope<T>(response: Response): Promise<ServerResponse<T>> {
  const text = await response.text();
  let envelope: ServerResponse<T>;
  try {
    envelope = JSON.parse(text) as ServerResponse<T>;
  } catch {
    throw BungieError.unreadable(response.status, text);
  }
  if (typeof envelope?.ErrorCode !== 'number') throw BungieError.unreadable(response.status, text);
  if (envelope.ErrorCode !== 1) throw BungieError.fromEnvelope(response.status, envelope);
  return envelope;
}

export function createHttpClient(fetch: Fetch, baseUrl: string): HttpClient {
  // bungie-api-ts types a client as generic in its result; the helpers know the envelope they get.
  return async <Return>(config: HttpClientConfig): Promise<Return> => {
    let response: Response;
    try {
      response = await fetch(toRequest(config, baseUrl));
    } catch (cause) {
      throw BungieError.unreachable(cause);
    }
    return (await readEnvelope(response)) as Return;
  };
}

export interface BungieClientOptions {
  fetch: Fetch;
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

/** The client for public Bungie calls (no player token). */
export function createBungieClient(options: BungieClientOptions): HttpClient {
  const fetch = withApiKey(withTimeout(options.fetch, options.timeoutMs ?? 15_000), options.apiKey);
  return createHttpClient(fetch, options.baseUrl);
}
