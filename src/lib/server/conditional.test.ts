import { describe, expect, it } from 'vitest';
import { entityTag, ifNoneMatchHits } from './conditional';

describe('entityTag', () => {
  it('is a quoted 32-digit hex digest that changes with the content and only with it', async () => {
    const tag = await entityTag('{"items":[]}');
    expect(tag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await entityTag('{"items":[]}')).toBe(tag);
    expect(await entityTag('{"items":[1]}')).not.toBe(tag);
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
