import { describe, expect, it } from 'vitest';
import { digestOfParts } from '$lib/server/conditional';

const bytes = (text: string) => new TextEncoder().encode(text);
const sha256Hex128 = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(text)), 0, 16), (b) =>
    b.toString(16).padStart(2, '0')
  ).join('');

// In the Workers runtime: the digest streams through its DigestStream, which Node does not have.
describe('digestOfParts', () => {
  it.each([
    { name: 'one part', parts: ['{"Response":{"x":1}}'] },
    { name: 'cut anywhere', parts: ['{"Respo', 'nse":{"x"', ':1}}'] },
    { name: 'with empty parts', parts: ['', '{"Response":{"x":1}}', ''] },
    { name: 'nothing at all', parts: [] as string[] }
  ])('is the SHA-256 of the parts joined ($name), 128 bits in hex', async ({ parts }) => {
    expect('DigestStream' in crypto).toBe(true);
    expect(await digestOfParts(parts.map(bytes))).toBe(await sha256Hex128(parts.join('')));
  });

  it('reads views as they are, offset into a larger buffer', async () => {
    const whole = bytes('xx{"a":1}yy');
    expect(await digestOfParts([whole.subarray(2, 5), whole.subarray(5, 9)])).toBe(
      await sha256Hex128('{"a":1}')
    );
  });
});
