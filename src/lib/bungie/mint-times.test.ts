import { describe, expect, it } from 'vitest';
import { splitMintTimes } from './mint-times.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (parts: Uint8Array[]) => parts.map((part) => new TextDecoder().decode(part));

const answer = (response: string, secondary: string, body = '"characters":{"data":{}}') =>
  `{"Response":{"responseMintedTimestamp":"${response}","secondaryComponentsMintedTimestamp":"${secondary}",${body}},"ErrorCode":1}`;

describe('splitMintTimes', () => {
  it.each([
    {
      name: 'two answers about the same contents, minted apart',
      a: answer('2026-12-01T10:00:00.000Z', '2026-12-01T09:59:58.000Z'),
      b: answer('2026-12-01T10:00:30.000Z', '2026-12-01T10:00:29.000Z'),
      same: true
    },
    {
      name: 'the same mint times, different contents',
      a: answer('2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', '"x":1'),
      b: answer('2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', '"x":2'),
      same: false
    },
    {
      name: 'mint times written in the other order',
      a: '{"Response":{"secondaryComponentsMintedTimestamp":"a","responseMintedTimestamp":"b","x":1}}',
      b: '{"Response":{"secondaryComponentsMintedTimestamp":"c","responseMintedTimestamp":"d","x":1}}',
      same: true
    },
    {
      name: 'non-ASCII text before the times, and a capital M elsewhere',
      a: '{"Message":"Xûr","Response":{"responseMintedTimestamp":"a","x":1}}',
      b: '{"Message":"Xûr","Response":{"responseMintedTimestamp":"bb","x":1}}',
      same: true
    },
    {
      name: 'a key that only begins like a mint time is not one',
      a: '{"Response":{"responseMintedTimestampX":"a","x":1}}',
      b: '{"Response":{"responseMintedTimestampX":"b","x":1}}',
      same: false
    },
    {
      name: 'no mint times: compared as they are',
      a: '{"Response":{"x":1}}',
      b: '{"Response":{"x":1}}',
      same: true
    },
    {
      name: 'spaced JSON is not read as Bungie writes it: the times stay and tell the answers apart',
      a: '{"Response": {"responseMintedTimestamp": "a", "x": 1}}',
      b: '{"Response": {"responseMintedTimestamp": "b", "x": 1}}',
      same: false
    }
  ])('$name', ({ a, b, same }) => {
    const contentOf = (text: string) => decode(splitMintTimes(encode(text)).content).join('|');
    expect(contentOf(a) === contentOf(b)).toBe(same);
  });

  it('gives the answer mint time as Bungie wrote it, and keeps everything else', () => {
    const text = answer('2026-12-01T10:00:00.000Z', '2026-12-01T09:59:58.000Z');
    const split = splitMintTimes(encode(text));
    expect(split.mintedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(decode(split.content)).toEqual([
      '{"Response":{"responseMintedTimestamp":"',
      '","secondaryComponentsMintedTimestamp":"',
      '","characters":{"data":{}}},"ErrorCode":1}'
    ]);
  });

  it('says there is no mint time when the answer has none', () => {
    const split = splitMintTimes(encode('{"ErrorCode":5}'));
    expect(split.mintedAt).toBeUndefined();
    expect(decode(split.content)).toEqual(['{"ErrorCode":5}']);
  });
});
