// Over 200 lines: the format's cases are tables (prettier gives most cases several lines), beside
// the real list's counts and the junk properties: the parser is small, its input is anything typed.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchingRolls,
  parseWishlist,
  WILDCARD_ITEM,
  type ParsedWishlist,
  type WishlistRoll
} from './parse-wishlist.ts';

const FIXTURE = '../../../../test/fixtures/wishlists/voltron.48klocs-2021-04-11.txt.gz';
const MAX_HASH = 0xffffffff;

const entries = (text: string): [number, WishlistRoll[]][] => [...parseWishlist(text).rolls];
const counts = (text: string): ParsedWishlist['counts'] => parseWishlist(text).counts;

describe('parseWishlist on the real 48klocs list (2021-04-11)', () => {
  const list = parseWishlist(
    gunzipSync(readFileSync(new URL(FIXTURE, import.meta.url))).toString()
  );

  it('counts what the shell counts', () => {
    // rolls: `item perks` with each line's perks deduplicated and sorted, then `sort -u` (30,848
    // of the 45,255 dimwishlist lines); items: `sort -u` of the item hashes; skipped: 1,762 blank
    // lines + 1,154 `//` lines that are not `//notes:` + 7 stray lines of a multi-line note;
    // blocks: the 56 `title:` lines (55 descriptions, each after its title).
    expect(list.counts).toEqual({
      rolls: 30_848,
      items: 282,
      trash: 0,
      wildcard: 0,
      skipped: 2_923,
      blocks: 56
    });
    expect([...list.rolls.values()].reduce((n, rolls) => n + rolls.length, 0)).toBe(30_848);
  });

  it('names the list after its first title and description', () => {
    expect(list.title).toBe(
      'This is a compiled collection of god/recommended rolls from top community minds.'
    );
    expect(list.description).toMatch(/^Thanks to u\/Mercules904, u\/pandapaxxy/);
  });

  it("keeps Dead Man's Tale's roll with its first block's words and its line's tags", () => {
    expect(list.rolls.get(3654674561)).toContainEqual({
      perks: [1840239774, 1968497646, 1354429876, 1067908860],
      notes: 'pandapaxxy (PvE / M+KB)|tags:mkb,pve'
    });
  });
});

describe('parseWishlist', () => {
  it.each<[string, string, [number, WishlistRoll[]][]]>([
    [
      'a roll with notes',
      'dimwishlist:item=1&perks=2,3#notes:ok',
      [[1, [{ perks: [2, 3], notes: 'ok' }]]]
    ],
    [
      'a trash roll, under the positive hash',
      'dimwishlist:item=-123&perks=4,5#notes:no',
      [[123, [{ perks: [4, 5], notes: 'no', trash: true }]]]
    ],
    ['the wildcard item', 'dimwishlist:item=-69420&perks=6', [[WILDCARD_ITEM, [{ perks: [6] }]]]],
    [
      'a line without perks (any roll)',
      'dimwishlist:item=7\ndimwishlist:item=7&perks=\ndimwishlist:item=8#notes:any',
      [
        [7, [{ perks: [] }]],
        [8, [{ perks: [], notes: 'any' }]]
      ]
    ],
    [
      'block notes until a blank line',
      '//notes:pve\ndimwishlist:item=1&perks=2\ndimwishlist:item=1&perks=3\n\ndimwishlist:item=1&perks=4',
      [[1, [{ perks: [2], notes: 'pve' }, { perks: [3], notes: 'pve' }, { perks: [4] }]]]
    ],
    [
      'block notes until another comment',
      '//notes:pve\n// Ace of Spades\ndimwishlist:item=1&perks=2',
      [[1, [{ perks: [2] }]]]
    ],
    [
      'block notes until the next //notes:',
      '//notes:a\ndimwishlist:item=1&perks=2\n//notes:b\ndimwishlist:item=1&perks=3',
      [
        [
          1,
          [
            { perks: [2], notes: 'a' },
            { perks: [3], notes: 'b' }
          ]
        ]
      ]
    ],
    [
      'block notes past a junk line',
      '//notes:a\njunk\ndimwishlist:item=1&perks=2',
      [[1, [{ perks: [2], notes: 'a' }]]]
    ],
    [
      '#notes: over block notes',
      '//notes:block\ndimwishlist:item=1&perks=2#notes:own|tags:pvp',
      [[1, [{ perks: [2], notes: 'own|tags:pvp' }]]]
    ],
    [
      '#notes: with tags only, on block notes',
      '//notes:block\ndimwishlist:item=1&perks=2#notes:|tags:pve',
      [[1, [{ perks: [2], notes: 'block|tags:pve' }]]]
    ],
    [
      '#notes: with tags only, alone',
      'dimwishlist:item=1&perks=2#notes:|tags:pve',
      [[1, [{ perks: [2], notes: '|tags:pve' }]]]
    ],
    [
      'CRLF line endings',
      '//notes:n\r\ndimwishlist:item=1&perks=2#notes:x\r\ndimwishlist:item=1&perks=3\r\n\r\ndimwishlist:item=1&perks=4\r\n',
      [[1, [{ perks: [2], notes: 'x' }, { perks: [3], notes: 'n' }, { perks: [4] }]]]
    ],
    [
      'whitespace around lines, perks and notes',
      '  dimwishlist:item=1&perks= 2 , 3,#notes:  hi  \t',
      [[1, [{ perks: [2, 3], notes: 'hi' }]]]
    ],
    [
      'identical rolls once, with the first notes',
      'dimwishlist:item=1&perks=2,3\ndimwishlist:item=1&perks=3,2,2#notes:first\ndimwishlist:item=1&perks=2,3#notes:second',
      [[1, [{ perks: [2, 3], notes: 'first' }]]]
    ],
    [
      'a wanted and a trash roll with the same perks',
      'dimwishlist:item=1&perks=2\ndimwishlist:item=-1&perks=2',
      [[1, [{ perks: [2] }, { perks: [2], trash: true }]]]
    ]
  ])('%s', (_, text, expected) => {
    expect(entries(text)).toEqual(expected);
  });

  it.each([
    ['a bad item hash', 'dimwishlist:item=abc&perks=1'],
    ['item 0', 'dimwishlist:item=0'],
    ['an item hash over 32 bits', 'dimwishlist:item=4294967296'],
    ['a non-numeric perk', 'dimwishlist:item=1&perks=2,x3'],
    ['a negative perk', 'dimwishlist:item=1&perks=2,-3'],
    ['perk 0', 'dimwishlist:item=1&perks=0'],
    ['a stray #', 'dimwishlist:item=1&perks=2#pvp'],
    ['a comment', '// Ace of Spades'],
    ['a blank line', '   '],
    ['junk', 'https://example.com/?weapon=1']
  ])('skips %s and counts it', (_, line) => {
    expect(counts(`${line}\ndimwishlist:item=9`)).toEqual({
      rolls: 1,
      items: 1,
      trash: 0,
      wildcard: 0,
      skipped: 1,
      blocks: 0
    });
  });

  it('takes the first title and description and counts blocks', () => {
    const text = 'title:A \r\ndescription:a\r\n\r\ntitle:B\ndescription:b\ntitle:C\ndescription:c';
    expect(parseWishlist(text)).toMatchObject({
      title: 'A',
      description: 'a',
      counts: { blocks: 3 }
    });
    const untitled = parseWishlist('title:\ndescription:only\ndescription:again\ntitle:late');
    expect(untitled).toMatchObject({ title: 'late', description: 'only' });
    expect(untitled.counts).toMatchObject({ blocks: 3, skipped: 0 });
    expect(parseWishlist('description:x')).not.toHaveProperty('title');
  });

  it('counts distinct rolls, items, trash and wildcard rolls', () => {
    const text =
      'dimwishlist:item=1&perks=2\ndimwishlist:item=1&perks=2\ndimwishlist:item=-1&perks=2\ndimwishlist:item=-69420&perks=3\ndimwishlist:item=4';
    expect(counts(text)).toEqual({
      rolls: 4,
      items: 2,
      trash: 1,
      wildcard: 1,
      skipped: 0,
      blocks: 0
    });
  });
});

describe('parseWishlist on junk (property)', () => {
  const fragment = fc.oneof(
    fc.constantFrom(
      'dimwishlist:',
      'item=',
      '&perks=',
      '#notes:',
      '-',
      ',',
      '|',
      '//notes:',
      'title:',
      '\n',
      '\r\n',
      ' '
    ),
    fc.constantFrom('0', '69420', '4294967295', '4294967296', '1e3', '0x10', 'NaN'),
    fc.nat().map(String),
    fc.string({ unit: 'binary', maxLength: 12 })
  );
  const junkText = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'binary' }).map((s) => `dimwishlist:${s}`),
    fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''))
  );

  it('never throws and only returns 32-bit perk hashes', () => {
    fc.assert(
      fc.property(junkText, (text) => {
        const { rolls, counts } = parseWishlist(text);
        let n = 0;
        for (const [item, list] of rolls) {
          expect(Number.isInteger(item)).toBe(true);
          for (const roll of list) {
            n++;
            for (const perk of roll.perks)
              expect(Number.isInteger(perk) && perk > 0 && perk <= MAX_HASH).toBe(true);
          }
        }
        expect(n).toBe(counts.rolls);
      })
    );
  });

  const roll = fc.record({
    item: fc.oneof(fc.integer({ min: 1, max: MAX_HASH }), fc.constant(WILDCARD_ITEM)),
    trash: fc.boolean(),
    perks: fc.array(fc.integer({ min: 1, max: MAX_HASH }), { maxLength: 5 }),
    notes: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,12}$/)
  });
  const junkLine = fc
    .oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary' }).map((s) => `dimwishlist:${s}`)
    )
    .filter((s) => !/[\r\n]/.test(s) && parseWishlist(s).counts.rolls === 0);

  it('keeps the same rolls when junk lines are added', () => {
    fc.assert(
      fc.property(
        fc.array(roll, { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), junkLine), { maxLength: 8 }),
        (rolls, junk) => {
          const lines = rolls.map(
            (r) =>
              `dimwishlist:item=${r.trash && r.item !== WILDCARD_ITEM ? -r.item : r.item}&perks=${r.perks.join(',')}#notes:${r.notes}`
          );
          const clean = parseWishlist(lines.join('\n')).rolls;
          for (const [at, line] of junk) lines.splice(at % (lines.length + 1), 0, line);
          expect(parseWishlist(lines.join('\n')).rolls).toEqual(clean);
        }
      )
    );
  });
});

describe('matchingRolls', () => {
  const { rolls } = parseWishlist(
    [
      'dimwishlist:item=1&perks=10,11#notes:god roll',
      'dimwishlist:item=-1&perks=12#notes:bad',
      'dimwishlist:item=2',
      'dimwishlist:item=-69420&perks=20'
    ].join('\n')
  );

  it.each<[string, number, number[], WishlistRoll[]]>([
    ['all perks present', 1, [10, 11, 99], [{ perks: [10, 11], notes: 'god roll' }]],
    ['one perk missing', 1, [10, 99], []],
    ['a trash roll, flagged', 1, [12], [{ perks: [12], notes: 'bad', trash: true }]],
    ['a roll without perks, on any instance', 2, [], [{ perks: [] }]],
    ['a wildcard roll, on any item', 3, [20], [{ perks: [20] }]],
    [
      'the item and the wildcard rolls together',
      1,
      [10, 11, 20],
      [{ perks: [10, 11], notes: 'god roll' }, { perks: [20] }]
    ],
    ['nothing for an unknown item', 3, [10, 11], []]
  ])('%s', (_, item, perks, expected) => {
    expect(matchingRolls(rolls, item, new Set(perks))).toEqual(expected);
  });
});
