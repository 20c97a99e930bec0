/**
 * DIM's search language, parsed into a tree (pure: no items, no filters). Whitespace is AND;
 * `or`, `and`, `not` and a leading `-`; parentheses; quoted strings. DIM's precedence: the implicit
 * AND of juxtaposed terms binds loosest, then `or`, then an explicit `and`; so `a b or c` is
 * `a (b or c)` and `a or b and c` is `a or (b and c)`. What a filter's value means (`power:>1300`)
 * is the filters' business, not the grammar's.
 */
export type QueryNode =
  | { op: 'and' | 'or'; operands: QueryNode[] }
  | { op: 'not'; operand: QueryNode }
  /** `keyword:value`; plain words (and quoted text) have the keyword `text`. */
  | { op: 'filter'; keyword: string; value: string };

export type ParseResult =
  { ok: true; query: QueryNode | null } | { ok: false; error: { message: string; word: string } };

type Token =
  | { kind: '(' | ')' | 'or' | 'and' | 'not'; word: string }
  | { kind: 'term'; keyword: string; value: string; word: string };

class QueryError extends Error {
  readonly word: string;

  constructor(message: string, word: string) {
    super(message);
    this.word = word;
  }
}

const OPERATORS = new Set(['or', 'and', 'not']);

/** Splits a query into tokens; a `-` before a term or `(` becomes `not`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (): string => {
    const quote = text[i]!;
    const end = text.indexOf(quote, i + 1);
    if (end < 0) throw new QueryError(`The quote ${quote} is never closed.`, text.slice(i));
    const inside = text.slice(i + 1, end);
    i = end + 1;
    return inside;
  };
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char, word: char });
      i++;
    } else if (char === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      tokens.push({ kind: 'not', word: '-' });
      i++;
    } else if (char === '"' || char === "'") {
      const start = i;
      const value = readQuoted();
      tokens.push({ kind: 'term', keyword: 'text', value, word: text.slice(start, i) });
    } else {
      const start = i;
      // A quote inside a word is the word's ("Citan's"): only a term's first character opens one.
      while (i < text.length && !/[\s()]/.test(text[i]!) && text[i] !== ':') i++;
      const head = text.slice(start, i);
      if (text[i] === ':') {
        i++;
        // The value: quoted, or up to the next space or parenthesis (ranges and stat:name:>n too).
        let value: string;
        if (text[i] === '"' || text[i] === "'") value = readQuoted();
        else {
          const from = i;
          while (i < text.length && !/[\s()]/.test(text[i]!)) i++;
          value = text.slice(from, i);
        }
        tokens.push({
          kind: 'term',
          keyword: head.toLowerCase(),
          value,
          word: text.slice(start, i)
        });
      } else if (OPERATORS.has(head.toLowerCase())) {
        tokens.push({ kind: head.toLowerCase() as 'or' | 'and' | 'not', word: head });
      } else {
        tokens.push({ kind: 'term', keyword: 'text', value: head, word: head });
      }
    }
  }
  return tokens;
}

/** Parses a query; an empty one is `null` (matches nothing: nothing was asked). */
export function parseQuery(text: string): ParseResult {
  try {
    const tokens = tokenize(text);
    let at = 0;
    const peek = () => tokens[at];
    const startsOperand = (token: Token | undefined) =>
      token !== undefined && (token.kind === 'term' || token.kind === '(' || token.kind === 'not');

    const implicitAnd = (): QueryNode => {
      const operands = [orExpr()];
      while (startsOperand(peek())) operands.push(orExpr());
      return combine('and', operands);
    };
    const orExpr = (): QueryNode => {
      const operands = [andExpr()];
      while (peek()?.kind === 'or') {
        const or = tokens[at++]!;
        if (!startsOperand(peek()))
          throw new QueryError(`"${or.word}" needs something after it.`, or.word);
        operands.push(andExpr());
      }
      return combine('or', operands);
    };
    const andExpr = (): QueryNode => {
      const operands = [unary()];
      while (peek()?.kind === 'and') {
        const and = tokens[at++]!;
        if (!startsOperand(peek()))
          throw new QueryError(`"${and.word}" needs something after it.`, and.word);
        operands.push(unary());
      }
      return combine('and', operands);
    };
    const unary = (): QueryNode => {
      const token = peek();
      if (token?.kind === 'not') {
        at++;
        if (!startsOperand(peek()))
          throw new QueryError(`"${token.word}" needs something after it.`, token.word);
        const operand = unary();
        // Two negations cancel: `not -is:locked` is `is:locked`.
        return operand.op === 'not' ? operand.operand : { op: 'not', operand };
      }
      return atom();
    };
    const atom = (): QueryNode => {
      const token = tokens[at++];
      if (!token)
        throw new QueryError('The search ends too early.', text.trim().split(/\s+/).pop()!);
      if (token.kind === '(') {
        if (peek()?.kind === ')') throw new QueryError('Empty parentheses "()".', '()');
        const inside = implicitAnd();
        if (tokens[at]?.kind !== ')') throw new QueryError('A "(" is never closed.', '(');
        at++;
        return inside;
      }
      if (token.kind === 'term')
        return { op: 'filter', keyword: token.keyword, value: token.value };
      throw new QueryError(`"${token.word}" cannot start a search term.`, token.word);
    };

    if (tokens.length === 0) return { ok: true, query: null };
    const query = implicitAnd();
    if (at < tokens.length) {
      const stray = tokens[at]!;
      throw new QueryError(
        stray.kind === ')' ? 'A ")" has no "(" before it.' : `"${stray.word}" is out of place.`,
        stray.word
      );
    }
    return { ok: true, query };
  } catch (error) {
    if (error instanceof QueryError)
      return { ok: false, error: { message: error.message, word: error.word } };
    throw error;
  }
}

/** One operand stays itself; nested nodes of the same operator flatten into one. */
function combine(op: 'and' | 'or', operands: QueryNode[]): QueryNode {
  if (operands.length === 1) return operands[0]!;
  return { op, operands: operands.flatMap((o) => (o.op === op ? o.operands : [o])) };
}

/** A value printed so it reads back the same: quoted when it holds spaces, quotes or brackets. */
function printValue(value: string): string {
  if (value !== '' && !/[\s()"':]/.test(value) && !value.startsWith('-')) return value;
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/** The query as text that parses back to the same tree (saved searches, the URL). */
export function printQuery(node: QueryNode): string {
  const inner = (child: QueryNode) =>
    child.op === 'and' || child.op === 'or' ? `(${printQuery(child)})` : printQuery(child);
  switch (node.op) {
    case 'and':
      return node.operands.map(inner).join(' ');
    case 'or':
      return node.operands.map(inner).join(' or ');
    case 'not':
      return `-${inner(node.operand)}`;
    case 'filter': {
      if (node.keyword === 'text') {
        // A bare word that is an operator must be quoted to stay a word.
        const value = printValue(node.value);
        return OPERATORS.has(value.toLowerCase()) ? `"${node.value}"` : value;
      }
      return `${node.keyword}:${printValue(node.value)}`;
    }
  }
}
