import { describe, expect, it } from 'vitest';
import { nextXurArrival } from './schedule';

describe('nextXurArrival', () => {
  it.each([
    ['a Tuesday after he left', '2026-11-24T17:00:00Z', '2026-11-27T17:00:00Z'],
    ['a Wednesday', '2026-11-25T09:30:00Z', '2026-11-27T17:00:00Z'],
    ['Friday morning, before the reset', '2026-11-27T16:59:59Z', '2026-11-27T17:00:00Z'],
    ['Friday at the reset itself: the next week', '2026-11-27T17:00:00Z', '2026-12-04T17:00:00Z'],
    ['Monday, across a month end', '2026-11-30T08:00:00Z', '2026-12-04T17:00:00Z'],
    ['the last days of a year', '2026-12-29T18:00:00Z', '2027-01-01T17:00:00Z']
  ])('from %s', (_, now, expected) => {
    expect(nextXurArrival(new Date(now)).toISOString()).toBe(new Date(expected).toISOString());
  });
});
