import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-ago';

const MINUTE = 60_000;

describe('timeAgo', () => {
  it.each([
    [0, 'just now'],
    [29_000, 'just now'],
    [MINUTE, '1 min ago'],
    [10 * MINUTE, '10 min ago'],
    [59 * MINUTE, '59 min ago'],
    [60 * MINUTE, '1 h ago'],
    [47 * 60 * MINUTE, '47 h ago'],
    [48 * 60 * MINUTE, '2 days ago'],
    // A device clock set back: never "-3 min ago".
    [-5 * MINUTE, 'just now']
  ])('%i ms → %s', (ms, words) => {
    expect(timeAgo(ms)).toBe(words);
  });
});
