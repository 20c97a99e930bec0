/**
 * Bungie stamps every GetProfile answer with when it was minted (`responseMintedTimestamp`,
 * `secondaryComponentsMintedTimestamp`), so two answers about an unchanged account differ in those
 * two values alone. Cut out of the answer's bytes, what is left stands for the account's contents:
 * equal bytes, equal contents, told apart without decoding or parsing a megabyte of JSON.
 */

const MINT_KEYS = ['responseMintedTimestamp', 'secondaryComponentsMintedTimestamp'] as const;
const QUOTE = 0x22;
/** Each key as Bungie writes it before the value, in bytes. */
const MARKERS = MINT_KEYS.map((key) => [key, new TextEncoder().encode(`"${key}":"`)] as const);

export interface MintTimesSplit {
  /** `responseMintedTimestamp`, as the answer has it; undefined when the answer does not carry it. */
  mintedAt: string | undefined;
  /**
   * The answer's bytes around both mint times' values, in order: views of the answer, not copies
   * (on the edge, a fresh megabyte buffer costs several times the digest of one).
   */
  content: Uint8Array<ArrayBuffer>[];
}

/**
 * Finds each mint time by its key, as Bungie writes it (`"key":"value"`, no spaces). A key it does
 * not find stays in `content` as it is: then two answers only compare equal if their times do too,
 * which costs a parse but never hides a change.
 */
export function splitMintTimes(answer: Uint8Array<ArrayBuffer>): MintTimesSplit {
  const cuts: [start: number, end: number][] = [];
  let mintedAt: string | undefined;
  for (const [key, marker] of MARKERS) {
    const start = valueStart(answer, marker);
    if (start < 0) continue;
    const end = answer.indexOf(QUOTE, start);
    if (end < 0) continue;
    cuts.push([start, end]);
    if (key === 'responseMintedTimestamp')
      mintedAt = new TextDecoder().decode(answer.subarray(start, end));
  }
  cuts.sort((a, b) => a[0] - b[0]);
  const content: Uint8Array<ArrayBuffer>[] = [];
  let from = 0;
  for (const [start, end] of cuts) {
    content.push(answer.subarray(from, start));
    from = end;
  }
  content.push(answer.subarray(from));
  return { mintedAt, content };
}

/**
 * Where the value after `marker` starts, or -1. Candidates are found by the marker's first capital
 * letter (the M of Minted, the C of Components), rare in Bungie's JSON, so the native byte search
 * does most of the work.
 */
function valueStart(bytes: Uint8Array, marker: Uint8Array): number {
  const anchor = marker.findIndex((b) => b >= 0x41 && b <= 0x5a);
  for (
    let at = bytes.indexOf(marker[anchor]!, anchor);
    at >= 0;
    at = bytes.indexOf(marker[anchor]!, at + 1)
  ) {
    const begin = at - anchor;
    if (begin + marker.length > bytes.length) return -1;
    let matches = true;
    for (let i = 0; i < marker.length && matches; i++) matches = bytes[begin + i] === marker[i];
    if (matches) return begin + marker.length;
  }
  return -1;
}
