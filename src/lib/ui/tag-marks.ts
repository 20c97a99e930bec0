import type { ItemTag } from '$lib/domain/player-data/shapes';

/**
 * Each tag's mark on a tile: a 12×12 path, drawn rather than a glyph (a character the page's font
 * lacks sends the browser searching every font), in DIM's shapes so a player coming from it reads
 * them at once, and its colour.
 */
export const TAG_MARKS: Record<ItemTag, { path: string; colour: string }> = {
  favorite: { path: 'M6 11 1.2 6.3A2.9 2.9 0 0 1 6 2.6a2.9 2.9 0 0 1 4.8 3.7z', colour: '#f06292' },
  keep: { path: 'M1 1h6l4 5-4 5H1z', colour: '#6fd08c' },
  infuse: { path: 'M7 0 1.5 7H5.5L4.5 12 10.5 5H6.5z', colour: '#f2c94c' },
  junk: {
    path: 'M6 0a6 6 0 1 0 0 12A6 6 0 0 0 6 0zm0 2a4 4 0 0 1 2.3.7L2.7 8.3A4 4 0 0 1 6 2zm3.3 1.7a4 4 0 0 1-5.6 5.6z',
    colour: '#e0685c'
  },
  archive: { path: 'M0 1h12v3H0zm1 4h10v6H1zm3 1.5v1.2h4V6.5z', colour: '#9aa4b2' }
};
