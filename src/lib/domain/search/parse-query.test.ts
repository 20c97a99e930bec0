import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery, printQuery, type QueryNode } from './parse-query.ts';

const f = (keyword: string, value: string): QueryNode => ({ op: 'filter', keyword, value });
const t = (value: string) => f('text', value);
const and = (...operands: QueryNode[]): QueryNode => ({ op: 'and', operands });
const or = (...operands: QueryNode[]): QueryNode => ({ op: 'or', operands });
const not = (operand: QueryNode): QueryNode => ({ op: 'not', operand });

const parsed = (text: string) => {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.query;
};

describe('parseQuery', () => {
  it.each<[string, QueryNode | null]>([
    ['', null],
    ['   ', null],
    ['is:weapon', f('is', 'weapon')],
    // DIM's own examples.
    [
      'is:weapon -is:locked power:<1300',
      and(f('is', 'weapon'), not(f('is', 'locked')), f('power', '<1300'))
    ],
    ['tag:junk or is:dupe', or(f('tag', 'junk'), f('is', 'dupe'))],
    // Precedence: juxtaposition loosest, then or, then explicit and.
    ['a b or c', and(t('a'), or(t('b'), t('c')))],
    ['a or b c', and(or(t('a'), t('b')), t('c'))],
    ['a or b and c', or(t('a'), and(t('b'), t('c')))],
    ['a and b or c', or(and(t('a'), t('b')), t('c'))],
    ['(a b) or c', or(and(t('a'), t('b')), t('c'))],
    ['not a or b', or(not(t('a')), t('b'))],
    ['-(is:weapon or is:armor)', not(or(f('is', 'weapon'), f('is', 'armor')))],
    ['not -is:locked', f('is', 'locked')],
    ['"bad juju" is:exotic', and(t('bad juju'), f('is', 'exotic'))],
    ['name:"the last word"', f('name', 'the last word')],
    ["exactname:'Ace of Spades'", f('exactname', 'Ace of Spades')],
    ['stat:range:>=50', f('stat', 'range:>=50')],
    ['Is:Weapon', f('is', 'Weapon')],
    ['power:>=1300 power:<1310', and(f('power', '>=1300'), f('power', '<1310'))],
    ['((a))', t('a')],
    ["citan's ramparts", and(t("citan's"), t('ramparts'))],
    ['a - b', and(t('a'), t('-'), t('b'))]
  ])('%j', (text, tree) => {
    expect(parsed(text)).toEqual(tree);
  });

  it.each([
    ['(is:weapon', '('],
    ['is:weapon)', ')'],
    ['is:weapon or', 'or'],
    ['and is:weapon', 'and'],
    ['()', '()'],
    ['name:"unclosed', '"unclosed'],
    ['OR', 'OR']
  ])('%j is refused, naming %j', (text, word) => {
    expect(parseQuery(text)).toMatchObject({ ok: false, error: { word } });
  });
});

/** Trees as the parser makes them: operators flattened, no double negation. */
function normalize(node: QueryNode): QueryNode {
  if (node.op === 'filter') return node;
  if (node.op === 'not') {
    const operand = normalize(node.operand);
    return operand.op === 'not' ? operand.operand : { op: 'not', operand };
  }
  const operands = node.operands
    .map(normalize)
    .flatMap((o) => (o.op === node.op ? o.operands : [o]));
  return operands.length === 1 ? operands[0]! : { op: node.op, operands };
}

const value = fc.stringMatching(/^[a-z0-9<>=:. '-]{0,8}$/);
const leaf = fc.oneof(
  fc.record({
    op: fc.constant('filter' as const),
    keyword: fc.constantFrom('is', 'power', 'name', 'stat', 'text'),
    value
  }),
  fc.record({
    op: fc.constant('filter' as const),
    keyword: fc.constant('text'),
    value: fc.stringMatching(/^[a-z]{1,6}$/)
  })
);
const tree = fc.letrec<{ node: QueryNode }>((self) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ op: fc.constant('not' as const), operand: self('node') }),
    fc.record({
      op: fc.constantFrom('and' as const, 'or' as const),
      operands: fc.array(self('node'), { minLength: 2, maxLength: 3 })
    })
  )
})).node;

describe('parseQuery and printQuery', () => {
  it('a printed tree parses back to the same tree', () => {
    fc.assert(
      fc.property(tree, (node) => {
        const expected = normalize(node);
        const text = printQuery(expected);
        // A text word that is empty prints as "" and reads back as such; the trees must agree.
        expect(parsed(text), text).toEqual(expected);
      }),
      { numRuns: 500 }
    );
  });

  it('never throws on junk, and says which word when it refuses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (junk) => {
        const result = parseQuery(junk);
        expect(result.ok || typeof result.error.word === 'string').toBe(true);
      }),
      { numRuns: 2000 }
    );
  });
});
