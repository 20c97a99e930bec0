import { describe, expect, it } from 'vitest';
import { gridHeight, nextPassSize } from './tile-reveal.svelte';

describe('gridHeight', () => {
  it.each([
    // 380 px holds 6 columns of 52 px with 6 px gaps.
    { count: 73, width: 380, height: 13 * 58 - 6 },
    { count: 6, width: 380, height: 52 },
    { count: 7, width: 380, height: 110 },
    // Narrower than one tile still holds one column.
    { count: 3, width: 40, height: 3 * 58 - 6 },
    { count: 0, width: 380, height: 0 },
    // Not measured yet: no room kept rather than a wrong guess.
    { count: 10, width: 0, height: 0 }
  ])('$count tiles in $width px: $height px', ({ count, width, height }) => {
    expect(gridHeight(count, width)).toBe(height);
  });
});

describe('nextPassSize', () => {
  it('aims at the time budget from how long the last pass took', () => {
    expect(nextPassSize(8, 6)).toBe(4);
    expect(nextPassSize(8, 40)).toBe(1);
  });
  it('grows by half at most, however quick the last pass', () => {
    expect(nextPassSize(6, 0.5)).toBe(9);
    expect(nextPassSize(6, 0)).toBe(9);
  });
  it('stays between one tile and the cap', () => {
    expect(nextPassSize(1, 500)).toBe(1);
    expect(nextPassSize(30, 0.1)).toBe(32);
  });
});
