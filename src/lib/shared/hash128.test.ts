import { describe, expect, it } from 'vitest';
import { hash128 } from './hash128.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('hash128', () => {
  it('is 128 bits in hex, the same for the same bytes', () => {
    const a = hash128(bytes('{"Response":{"x":1}}'));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(hash128(bytes('{"Response":{"x":1}}'))).toBe(a);
  });

  it('changes with any one byte changed, at every position and length around a block', () => {
    for (const length of [0, 1, 3, 4, 15, 16, 17, 31, 32, 33, 100]) {
      const base = new Uint8Array(length).map((_, i) => (i * 31) & 0xff);
      const seen = new Set([hash128(base)]);
      for (let at = 0; at < length; at++) {
        const changed = base.slice();
        changed[at] = changed[at]! ^ 1;
        seen.add(hash128(changed));
      }
      expect(seen.size).toBe(length + 1);
    }
  });

  it('tells apart lengths padded with zero bytes', () => {
    const seen = new Set(Array.from({ length: 40 }, (_, n) => hash128(new Uint8Array(n))));
    expect(seen.size).toBe(40);
  });

  it('reads bytes that do not start on a word boundary', () => {
    const whole = bytes('..{"Response":{"characters":{"data":{}}}}');
    expect(hash128(whole.subarray(2))).toBe(hash128(whole.slice(2)));
  });

  it('gives no repeated hash over many similar answers', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(hash128(bytes(`{"itemId":"${i}","location":2}`)));
    expect(seen.size).toBe(20_000);
  });
});
