import type { HttpClient, HttpClientConfig } from 'bungie-api-ts/http';
import type { ServerResponse } from 'bungie-api-ts/destiny2';
import { THROTTLED, TOKEN_REJECTED } from '../error-codes.ts';
import { BungieError } from './bungie-error.ts';

/**
 * Bungie's HTTP client, built from one-job layers around `fetch`: each layer takes a fetch and
 * returns one, so a layer can be tested alone and the order is visible where the client is built.
 * The app's edge and the manifest publisher both call Bungie through it.
 */
export type Fetch = (input: Request) => Promise<Response>;

const BUNGIE_ORIGIN = 'https://www.bungie.net';

/** bungie-api-ts builds URLs on www.bungie.net; this points them at `baseUrl` (the simulator locally). */
export function toRequest(config: HttpClientConfig, baseUrl: string): Request {
  const url = new URL(
    config.url.startsWith(BUNGIE_ORIGIN)
      ? baseUrl + config.url.slice(BUNGIE_ORIGIN.length)
      : config.url
  );
  for (const [key, value] of Object.entries(config.params ?? {})) {
    if (value !== undefined)
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
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

/**
 * The network's own failures (no connection, DNS, a reset) become `BungieError.unreachable`, so
 * everything above this layer hears either an answer or a typed error.
 */
export function withUnreachable(fetch: Fetch): Fetch {
  return async (request) => {
    try {
      return await fetch(request);
    } catch (cause) {
      throw BungieError.unreachable(cause);
    }
  };
}

/**
 * Gives up on a request that takes longer than `ms` to answer (its headers; a long body may stream
 * on); Bungie can hang during incidents. The race does not trust the underlying fetch to honour the
 * abort signal.
 */
export function withTimeout(fetch: Fetch, ms: number): Fetch {
  return (request) => {
    const controller = new AbortController();
    const timedOut = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () =>
        reject(BungieError.unreachable(controller.signal.reason))
      );
    });
    const timer = setTimeout(
      () => controller.abort(new DOMException(`No answer in ${ms} ms`, 'TimeoutError')),
      ms
    );
    return Promise.race([
      fetch(new Request(request, { signal: controller.signal })),
      timedOut
    ]).finally(() => clearTimeout(timer));
  };
}

/** Where a bearer layer gets the player's access token, and a new one when Bungie rejects it. */
export interface AccessTokenSource {
  current(): Promise<string>;
  renew(): Promise<string>;
}

async function rejectsToken(response: Response): Promise<boolean> {
  if (response.status !== 401 && response.ok) return false;
  try {
    const body = (await response.clone().json()) as { ErrorCode?: number };
    return TOKEN_REJECTED.has(body.ErrorCode ?? 0);
  } catch {
    return false;
  }
}

/** Sends the player's token; when Bungie rejects it, renews it once and retries. */
export function withBearer(fetch: Fetch, tokens: AccessTokenSource): Fetch {
  const authorized = (request: Request, token: string) => {
    const next = new Request(request);
    next.headers.set('Authorization', `Bearer ${token}`);
    return next;
  };
  return async (request) => {
    const retry = request.clone();
    const first = await fetch(authorized(request, await tokens.current()));
    if (!(await rejectsToken(first))) return first;
    return fetch(authorized(retry, await tokens.renew()));
  };
}

export interface ThrottleOptions {
  /** Retries after the first try. */
  retries: number;
  /** A longer wait than this is not waited for: the caller hears 429 with Retry-After instead. */
  maxWaitSeconds: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Only failed answers are read here: parsing every large success body twice would cost too much. */
async function throttleSecondsOf(response: Response): Promise<number | undefined> {
  if (response.ok) return undefined;
  try {
    const body = (await response.clone().json()) as {
      ErrorCode?: number;
      ThrottleSeconds?: number;
    };
    return THROTTLED.has(body.ErrorCode ?? 0) ? Math.max(1, body.ThrottleSeconds ?? 0) : undefined;
  } catch {
    return undefined;
  }
}

/** Waits as long as Bungie asks (ThrottleSeconds) and tries again, a few times, for short waits only. */
export function withThrottleRetry(fetch: Fetch, options: ThrottleOptions): Fetch {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (request) => {
    const template = request.clone();
    let response = await fetch(request);
    for (let attempt = 0; attempt < options.retries; attempt++) {
      const wait = await throttleSecondsOf(response);
      if (wait === undefined || wait > options.maxWaitSeconds) return response;
      await sleep(wait * 1000);
      response = await fetch(template.clone());
    }
    return response;
  };
}

/** Bungie's answer as it came, its envelope not even decoded yet. */
export interface UnparsedAnswer {
  status: number;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * Reads Bungie's envelope; anything but ErrorCode 1 becomes a typed BungieError. Returns the whole
 * envelope, as bungie-api-ts's endpoint helpers expect of a client.
 */
export async function readEnvelope<T>(response: Response): Promise<ServerResponse<T>> {
  return parseEnvelope<T>(await readUnparsed(response));
}

/** The answer's bytes, for a caller that can tell from them alone whether parsing is needed at all. */
export async function readUnparsed(response: Response): Promise<UnparsedAnswer> {
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** `readEnvelope` for an answer already read. */
export function parseEnvelope<T>({ status, bytes }: UnparsedAnswer): ServerResponse<T> {
  const text = new TextDecoder().decode(bytes);
  let envelope: ServerResponse<T>;
  try {
    envelope = JSON.parse(text) as ServerResponse<T>;
  } catch {
    throw BungieError.unreadable(status, text);
  }
  if (typeof envelope?.ErrorCode !== 'number') throw BungieError.unreadable(status, text);
  if (envelope.ErrorCode !== 1) throw BungieError.fromEnvelope(status, envelope);
  return envelope;
}

/** How a client reads each answer: the envelope parsed (the default), or its bytes unparsed. */
export type AnswerReader = (response: Response) => Promise<unknown>;

/** The client bungie-api-ts's endpoint helpers call: a request built from their config, the answer read. */
export function createHttpClient(
  fetch: Fetch,
  baseUrl: string,
  read: AnswerReader = readEnvelope
): HttpClient {
  // bungie-api-ts types a client as generic in its result; the helpers know the envelope they get
  // (a caller that chose `readUnparsed` knows it gets an UnparsedAnswer instead).
  return async <Return>(config: HttpClientConfig): Promise<Return> =>
    (await read(await fetch(toRequest(config, baseUrl)))) as Return;
}

export interface BungieClientOptions {
  fetch: Fetch;
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  throttle?: ThrottleOptions;
  /**
   * A caller's own layer between the client and the network (the app's quota, say): what it throws
   * reaches the caller as it is; each call it lets through is sent, retries included.
   */
  gate?: (fetch: Fetch) => Fetch;
  /** How answers are read: parsed envelopes unless told otherwise. */
  read?: AnswerReader;
}

/** The client for Bungie calls: public ones, or a player's own when given their tokens. */
export function createBungieClient(
  options: BungieClientOptions & { tokens?: AccessTokenSource }
): HttpClient {
  const network = withUnreachable(options.fetch);
  const gated = options.gate ? options.gate(network) : network;
  let fetch = withApiKey(withTimeout(gated, options.timeoutMs ?? 15_000), options.apiKey);
  if (options.tokens) fetch = withBearer(fetch, options.tokens);
  fetch = withThrottleRetry(fetch, options.throttle ?? { retries: 2, maxWaitSeconds: 5 });
  return createHttpClient(fetch, options.baseUrl, options.read);
}
