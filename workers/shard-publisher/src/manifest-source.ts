import { getDestinyManifest } from 'bungie-api-ts/destiny2';
import type { HttpClientConfig } from 'bungie-api-ts/http';

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

/** Bungie.net (or the simulator) over fetch, with the API key on Platform calls. */
export function createManifestSource(options: { fetch: typeof fetch; baseUrl: string; apiKey: string }): ManifestSource {
  const { baseUrl, apiKey } = options;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await options.fetch(`${baseUrl}${path}`, { headers });
    if (!response.ok || !response.body) throw new SourceError(`GET ${path} answered HTTP ${response.status}`);
    return response;
  };
  // A minimal client for bungie-api-ts's endpoint helper: public call, envelope checked.
  const http = async <T>(config: HttpClientConfig): Promise<T> => {
    const url = new URL(config.url);
    const response = await options.fetch(`${baseUrl}${url.pathname}${url.search}`, { headers: { 'X-API-Key': apiKey } });
    const body = (await response.json().catch(() => undefined)) as { ErrorCode?: number; Message?: string } | undefined;
    if (!body || body.ErrorCode !== 1) throw new SourceError(`Bungie.net: ${body?.Message ?? `HTTP ${response.status}`}`);
    return body as T;
  };
  return {
    async manifest() {
      const { Response } = await getDestinyManifest(http);
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
