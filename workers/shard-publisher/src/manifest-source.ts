import { getDestinyManifest } from 'bungie-api-ts/destiny2';
import {
  createBungieClient,
  withTimeout,
  withUnreachable,
  type Fetch
} from '../../../src/lib/bungie/client/http.ts';

/** What the publisher reads from Bungie: the manifest and the definition files it points to. */
export interface ManifestSource {
  manifest(): Promise<{ version: string; paths: Record<string, string> }>;
  /** A small table, read whole. */
  table<T>(path: string): Promise<T>;
  /** The item table, as a byte stream: it is never held whole. */
  stream(path: string): Promise<ReadableStream<Uint8Array>>;
}

export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/** How long Bungie may take to start answering; a table's body then streams for as long as it takes. */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Bungie.net (or the simulator) over fetch: the manifest through the app's Bungie client (API key,
 * timeout, throttling waited out, envelope read), the definition files it points to as plain
 * downloads with the same timeout.
 */
export function createManifestSource(options: {
  fetch: typeof fetch;
  baseUrl: string;
  apiKey: string;
}): ManifestSource {
  const { baseUrl, apiKey } = options;
  const send: Fetch = (request) => options.fetch(request);
  const bungie = createBungieClient({ fetch: send, baseUrl, apiKey, timeoutMs: ANSWER_TIMEOUT_MS });
  const download = withTimeout(withUnreachable(send), ANSWER_TIMEOUT_MS);
  const get = async (path: string) => {
    const response = await download(new Request(`${baseUrl}${path}`));
    if (!response.ok || !response.body)
      throw new SourceError(`GET ${path} answered HTTP ${response.status}`);
    return response;
  };
  return {
    async manifest() {
      const { Response } = await getDestinyManifest(bungie);
      const paths = Response.jsonWorldComponentContentPaths?.en ?? {};
      return { version: Response.version, paths };
    },
    async table<T>(path: string) {
      const response = await get(path);
      try {
        return (await response.json()) as T;
      } catch {
        throw new SourceError(`${path} is not valid JSON`);
      }
    },
    async stream(path: string) {
      return (await get(path)).body!;
    }
  };
}
