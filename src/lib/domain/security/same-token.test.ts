import { describe, expect, it } from 'vitest';
import { sameToken } from './same-token.ts';

describe('sameToken', () => {
  it.each([
    ['abc', 'abc', true],
    ['abd', 'abc', false],
    ['ab', 'abc', false],
    ['abcd', 'abc', false],
    ['é', 'é', true],
    ['é', 'e', false],
    ['', '', false],
    ['x', '', false]
  ])('%j vs %j → %s', (given, expected, same) => expect(sameToken(given, expected)).toBe(same));
});
