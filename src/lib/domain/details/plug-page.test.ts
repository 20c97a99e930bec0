import { describe, expect, it } from 'vitest';
import { readPlugPage, writePlugPage, type PagePlug } from './plug-page.ts';

describe('plug pages', () => {
  const plugs: [number, PagePlug][] = [
    [8, { name: 'Outlaw', icon: 'a.png', typeName: 'Trait', description: 8 }],
    [16, { name: 'Frame', intrinsic: 1, stats: [[392767087, 20]] }],
    [4090651448, { name: 'Corkscrew Rifling', icon: 'b.png', typeName: 'Barrel', description: 8 }],
    [4090651456, { name: '' }]
  ];
  const texts = { 8: 'Shared.' };

  it('write as columns, hashes as differences, and read back to the same records', () => {
    const page = writePlugPage(0, plugs);
    expect(page.hashes).toEqual([8, 8, 4090651432, 8]);
    // The first plug to read a text names it by its own hash: 1.
    expect(page.texts).toEqual([1, 0, 8, 0]);
    expect(page.more).toEqual({ 1: { intrinsic: 1, stats: [[392767087, 20]] } });
    expect(page.plugs).toEqual({});
    expect(readPlugPage(JSON.parse(JSON.stringify(page)), texts)).toEqual({
      8: { name: 'Outlaw', icon: 'a.png', typeName: 'Trait', description: 'Shared.' },
      16: { name: 'Frame', intrinsic: 1, stats: [[392767087, 20]] },
      4090651448: {
        name: 'Corkscrew Rifling',
        icon: 'b.png',
        typeName: 'Barrel',
        description: 'Shared.'
      },
      4090651456: { name: '' }
    });
  });

  it('without the texts table, reads every plug, without descriptions', () => {
    const read = readPlugPage(writePlugPage(3, plugs));
    expect(Object.keys(read)).toEqual(['8', '16', '4090651448', '4090651456']);
    expect(Object.values(read).some((p) => p.description)).toBe(false);
  });

  it('an empty page reads as no plugs', () => {
    expect(readPlugPage(writePlugPage(1, []))).toEqual({});
  });
});
