import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EntrySplitter, MalformedTableError } from './entry-splitter.ts';

function splitAll(text: string, chunkSizes: (i: number) => number): [string, unknown][] {
  const splitter = new EntrySplitter();
  const out: [string, unknown][] = [];
  let i = 0;
  let n = 0;
  while (i < text.length) {
    const size = Math.max(1, chunkSizes(n++));
    for (const [key, value] of splitter.push(text.slice(i, i + size)))
      out.push([key, JSON.parse(value)]);
    i += size;
  }
  splitter.end();
  return out;
}

const tricky = JSON.stringify({
  '1': { name: 'braces } { ] [ in "quotes"', nested: { a: [1, { b: 'c' }], e: [] } },
  '2': { path: 'C:\\\\dir\\\\', quote: '\\"', unicode: 'Xûr ☀ \u0000 \ud83d\ude00' },
  'key with "quotes" and \\': { x: null },
  '4': 'a top-level string, with } and "',
  '5': 42,
  '6': [1, [2, [3]]],
  '7': true,
  '8': { empty: {} }
});

describe('EntrySplitter', () => {
  it('splits every entry, whatever the chunk boundaries', () => {
    const expected = Object.entries(JSON.parse(tricky));
    for (let size = 1; size <= tricky.length; size++) {
      expect(splitAll(tricky, () => size)).toEqual(expected);
    }
  });

  it('handles whitespace and pretty-printing', () => {
    const pretty = JSON.stringify(JSON.parse(tricky), null, 2);
    expect(splitAll(pretty, () => 7)).toEqual(Object.entries(JSON.parse(pretty)));
    expect(splitAll(' { } ', () => 1)).toEqual([]);
  });

  it('agrees with JSON.parse on real Bungie definitions in random chunks', () => {
    const raw = gunzipSync(
      readFileSync(
        new URL(
          '../../../../test/fixtures/bungie/DestinyInventoryItemDefinition.raw-subset.json.gz',
          import.meta.url
        )
      )
    ).toString('utf8');
    const sample = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(raw) as Record<string, unknown>).slice(0, 300))
    );
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    expect(splitAll(sample, () => Math.floor(random() * 5000))).toEqual(
      Object.entries(JSON.parse(sample))
    );
  });

  it.each([
    ['truncated in a value', '{"1": {"a": [1, 2'],
    ['truncated between entries', '{"1": {}, '],
    ['truncated in a string', '{"1": {"a": "unterminated'],
    ['empty input', '']
  ])('refuses a table %s', (_name, text) => {
    const splitter = new EntrySplitter();
    splitter.push(text);
    expect(() => splitter.end()).toThrow(MalformedTableError);
  });

  it.each([
    ['not an object', '[1, 2]'],
    ['a missing colon', '{"1" {}}'],
    ['garbage after a value', '{"1": {} x}'],
    ['text after the end', '{"1": {}} {']
  ])('refuses %s', (_name, text) => {
    const splitter = new EntrySplitter();
    expect(() => {
      splitter.push(text);
      splitter.end();
    }).toThrow(MalformedTableError);
  });
});
