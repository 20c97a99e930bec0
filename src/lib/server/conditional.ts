/**
 * Conditional answers (RFC 9110 §13): an entity tag for a body, and whether a request's
 * `If-None-Match` already names it, so an unchanged answer costs a few header bytes.
 */

/** A strong entity tag: the first 128 bits of the content's SHA-256, in hex, quoted. */
export async function entityTag(content: string): Promise<string> {
  const hash = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content))
  );
  return `"${Array.from(hash.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}"`;
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
