import { describe, expect, it } from 'vitest';
import { digestOfParts, entityTag, ifNoneMatchHits } from './conditional';

describe('entityTag', () => {
  it('is a quoted 32-digit hex digest that changes with the content and only with it', async () => {
    const tag = await entityTag('{"items":[]}');
    expect(tag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await entityTag('{"items":[]}')).toBe(tag);
    expect(await entityTag('{"items":[1]}')).not.toBe(tag);
  });
});

describe('digestOfParts, where the runtime has no DigestStream (Node: the dev server)', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it.each([
    { name: 'one part', parts: ['{"Response":{"x":1}}'] },
    { name: 'cut anywhere', parts: ['{"Respo', 'nse":{"x"', ':1}}'] },
    { name: 'nothing at all', parts: [] as string[] }
  ])('is the SHA-256 of the parts joined ($name), 128 bits in hex', async ({ parts }) => {
    expect('DigestStream' in crypto).toBe(false);
    const whole = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(parts.join(''))));
    const expected = Array.from(whole.subarray(0, 16), (b) => b.toString(16).padStart(2, '0'));
    expect(await digestOfParts(parts.map(bytes))).toBe(expected.join(''));
  });
});

describe('ifNoneMatchHits', () => {
  const tag = '"abc"';
  it.each([
    [undefined, false],
    ['', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"xyz", "abc"', true],
    ['"xyz",W/"abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    ['"xyz"', false]
  ])('If-None-Match %j → %s', (header, hit) => {
    expect(ifNoneMatchHits(header, tag)).toBe(hit);
  });
});
