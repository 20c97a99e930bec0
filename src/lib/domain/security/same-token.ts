/**
 * Compares a secret someone sent with the one kept, in time that depends only on their lengths,
 * so the secret cannot be guessed byte by byte from how fast a refusal comes. An empty secret
 * matches nothing: an unset one never lets anyone in.
 */
export function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0 && b.length > 0;
}
