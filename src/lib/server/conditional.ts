/**
 * Conditional answers (RFC 9110 §13): an entity tag for a body, and whether a request's
 * `If-None-Match` already names it, so an unchanged answer costs a few header bytes.
 */

import type { DigestStream } from '@cloudflare/workers-types/index.ts';

/** The first 128 bits of a digest, in hex. */
const hex128 = (digest: ArrayBuffer) =>
  Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0')).join('');

/** A strong entity tag: the first 128 bits of the content's SHA-256, in hex, quoted. */
export async function entityTag(content: string): Promise<string> {
  return `"${hex128(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content)))}"`;
}

/**
 * The first 128 bits of the SHA-256 of `parts` as if joined, in hex: streamed through the Workers
 * runtime's DigestStream, native code over the parts as they are. Measured in workerd on a 1.25 MB
 * answer: 0.8 ms; joining the parts into one buffer first, 4.7 ms; a 128-bit hash written in
 * JavaScript took 0.6 ms or 22 ms by how V8 happened to optimise it.
 */
export async function digestOfParts(parts: readonly Uint8Array[]): Promise<string> {
  const runtime = crypto as unknown as { DigestStream?: typeof DigestStream };
  if (!runtime.DigestStream) {
    // Outside the Workers runtime (`npm run dev` serves the API from Node): the same digest of
    // the parts joined.
    const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return hex128(await crypto.subtle.digest('SHA-256', joined));
  }
  const stream = new runtime.DigestStream('SHA-256');
  const writer = stream.getWriter();
  for (const part of parts) await writer.write(part);
  await writer.close();
  return hex128(await stream.digest);
}

/**
 * Whether `If-None-Match` names this tag. GET compares weakly (RFC 9110 §13.1.2): `W/"x"` matches
 * `"x"`; `*` matches any current representation.
 */
export function ifNoneMatchHits(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header
    .split(',')
    .some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(tag));
}
