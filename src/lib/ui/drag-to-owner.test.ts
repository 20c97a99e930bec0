import { describe, expect, it } from 'vitest';
import { edgeScrollSpeed } from './drag-to-owner';

describe('edgeScrollSpeed', () => {
  it.each([
    ['in the middle', 400, 0],
    ['just inside the top band', 71, -1],
    ['at the very top', 0, -18],
    ['above the window', -20, -18],
    ['just inside the bottom band', 729, 1],
    ['at the very bottom', 800, 18],
    ['below the window', 830, 18]
  ])('%s (y %i of 800) → %i', (_, y, speed) => {
    expect(edgeScrollSpeed(y, 800)).toBe(speed);
  });
});
