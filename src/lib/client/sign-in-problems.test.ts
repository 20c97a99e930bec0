import { describe, expect, it } from 'vitest';
import { safeReturnTo, signInProblem } from './sign-in-problems';

describe('signInProblem', () => {
  it.each([
    ['bungie_maintenance', 'Bungie.net is down for maintenance', true],
    ['invalid_state', 'That sign-in had already ended', true],
    ['sign_in_declined', 'Sign-in cancelled', true],
    ['bungie_timeout', 'Bungie.net did not answer', true],
    ['bungie_app_misconfigured', 'Sign-in is not available', false],
    ['something_new', 'The sign-in did not finish', true],
    [null, 'The sign-in did not finish', true]
  ])('%s → "%s"', (code, title, retry) => {
    expect(signInProblem(code)).toMatchObject({ title, retry });
  });

  it('never shows a code or a JSON word to the player', () => {
    for (const code of ['invalid_state', 'bungie_maintenance', 'internal'])
      expect(signInProblem(code).message).not.toMatch(/_|\{/);
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/characters/1', '/characters/1'],
    ['/search?q=exotic', '/search?q=exotic'],
    [null, '/vault'],
    ['//evil.example', '/vault'],
    ['/\\evil.example', '/vault'],
    ['https://evil.example/', '/vault'],
    ['vault', '/vault']
  ])('%s → %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });
});
