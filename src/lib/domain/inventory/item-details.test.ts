import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slimItemDetails, type ItemDetailInput } from './item-details.ts';

const profile = JSON.parse(
  readFileSync(
    new URL('../../../../test/fixtures/bungie/GetProfile.dim-2021-05-28.json', import.meta.url),
    'utf8'
  )
).Response as { itemComponents: ItemDetailInput };

describe('slimItemDetails on the real 2021 profile (components 305 and 310)', () => {
  const details = slimItemDetails(profile.itemComponents);
  const raw = profile.itemComponents;

  it('keeps every instance with sockets', () => {
    expect(Object.keys(details)).toHaveLength(Object.keys(raw.sockets!.data!).length);
  });

  it('lists the plugged plug of each visible socket first, then the other selectable plugs', () => {
    // An equipped weapon of the first character: 10 sockets, the last two hidden.
    const weapon = details['6917529368861287826']!;
    expect(weapon.sockets).toEqual([
      [878286503],
      [4090651448, 3250034553],
      [3142289711, 106909392],
      [2779035018],
      [1015611457],
      [4248210736],
      [2323986101],
      [4283235143, 4283235140]
    ]);
  });

  it('marks hidden sockets null, and leaves trailing hidden ones out', () => {
    const entries = Object.entries(details);
    expect(entries.length).toBeGreaterThan(100);
    let withSockets = 0;
    for (const [id, detail] of entries) {
      const states = raw.sockets!.data![id]!.sockets;
      expect(detail.sockets.length).toBeLessThanOrEqual(states.length);
      // The last socket kept is never a hidden one (an empty list has none to check).
      expect(detail.sockets.length === 0 || detail.sockets.at(-1) !== null).toBe(true);
      if (detail.sockets.length > 0) withSockets++;
      detail.sockets.forEach((socket, index) =>
        expect(socket === null).toBe(!states[index]!.isVisible)
      );
    }
    expect(withSockets).toBeGreaterThan(100);
  });

  it('keeps every selectable plug of every socket once', () => {
    let plugs = 0;
    for (const [id, { plugs: perSocket }] of Object.entries(raw.reusablePlugs!.data!)) {
      for (const [index, list] of Object.entries(perSocket)) {
        const socket = details[id]!.sockets[Number(index)];
        if (!socket) continue; // a hidden socket's plugs are not shown
        expect(new Set(socket)).toEqual(new Set([socket[0], ...list.map((p) => p.plugItemHash)]));
        plugs += list.length;
      }
    }
    expect(plugs).toBeGreaterThan(1000);
  });

  it('is a fraction of the raw components', () => {
    const slimBytes = JSON.stringify(details).length;
    const rawBytes = JSON.stringify([raw.sockets, raw.reusablePlugs]).length;
    expect(slimBytes / rawBytes).toBeLessThan(0.25);
  });
});

describe('slimItemDetails', () => {
  it.each([
    ['no components', undefined, {}],
    ['an empty socket list', { sockets: { data: { a: { sockets: [] } } } }, {}],
    [
      'an empty visible socket: 0, then what can go there',
      {
        sockets: { data: { a: { sockets: [{ isVisible: true }] } } },
        reusablePlugs: { data: { a: { plugs: { 0: [{ plugItemHash: 7 }, { plugItemHash: 7 }] } } } }
      },
      { a: { sockets: [[0, 7]] } }
    ],
    [
      'plug objectives (309): [objective, progress, completion value]; none left out',
      {
        plugObjectives: {
          data: {
            a: {
              objectivesPerPlug: {
                38912240: [{ objectiveHash: 1, progress: 512, completionValue: 0 }],
                5: [],
                6: [{ objectiveHash: 2, completionValue: 100 }]
              }
            }
          }
        }
      },
      { a: { sockets: [], plugObjectives: { 38912240: [[1, 512, 0]], 6: [[2, 0, 100]] } } }
    ]
  ] as [string, ItemDetailInput | undefined, unknown][])('%s', (_name, input, expected) => {
    expect(slimItemDetails(input)).toEqual(expected);
  });
});
