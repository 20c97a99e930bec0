// Over 200 lines: one streaming state machine, whose states only make sense read together.
/**
 * Splits the text of one large JSON object, `{"k1": {...}, "k2": {...}, ...}`, into its top-level
 * entries as text arrives, so a table of any size is never held whole: only the entry being read
 * and the unread rest of the current chunk are kept. Each value is returned as raw JSON text; the
 * caller parses it. The scan jumps from one structural character to the next with a native regex and
 * skips string contents with indexOf, which is what makes it nearly as fast as JSON.parse.
 */
export class MalformedTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedTableError';
  }
}

const Phase = {
  Start: 0, // before the opening brace
  BeforeKey: 1, // expecting a key or the closing brace
  Key: 2, // inside the key string
  Colon: 3, // expecting the colon
  Value: 4, // inside a value, scanning for its end
  AfterValue: 5, // expecting a comma or the closing brace
  Done: 6 // after the closing brace
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

const STRUCTURAL = /["{}[\]]/g;
const WHITESPACE = /\s/;

export class EntrySplitter {
  private buffer = '';
  private pos = 0;
  private phase: Phase = Phase.Start;
  private depth = 0;
  private key = '';
  /** Where the key being read starts (its opening quote). */
  private keyStart = 0;
  private valueStart = 0;
  private inString = false;

  /** Feeds the next chunk; returns the entries it completed, in order. */
  push(chunk: string): [string, string][] {
    // Drop what is already consumed so memory stays at one entry plus one chunk.
    const keepFrom =
      this.phase === Phase.Value
        ? this.valueStart
        : this.phase === Phase.Key
          ? this.keyStart
          : this.pos;
    this.buffer = this.buffer.slice(keepFrom) + chunk;
    this.valueStart -= keepFrom;
    this.keyStart -= keepFrom;
    this.pos -= keepFrom;
    const out: [string, string][] = [];
    while (this.pos < this.buffer.length) {
      if (!this.step(out)) break;
    }
    return out;
  }

  /** Declares the end of input; throws if the table was cut short. */
  end(): void {
    if (this.phase !== Phase.Done)
      throw new MalformedTableError(
        'The table ended before its closing brace (truncated download?)'
      );
    if (this.buffer.slice(this.pos).trim() !== '')
      throw new MalformedTableError('Unexpected text after the table');
  }

  /** Advances through the buffer; false when it needs more input. */
  private step(out: [string, string][]): boolean {
    const b = this.buffer;
    switch (this.phase) {
      case Phase.Start:
      case Phase.BeforeKey:
      case Phase.Colon:
      case Phase.AfterValue:
      case Phase.Done: {
        const ch = b[this.pos]!;
        if (WHITESPACE.test(ch)) {
          this.pos++;
          return true;
        }
        return this.punctuation(ch);
      }
      case Phase.Key: {
        const close = this.stringEnd(this.pos);
        if (close < 0) return false;
        this.key = JSON.parse(b.slice(this.keyStart, close + 1)) as string;
        this.pos = close + 1;
        this.phase = Phase.Colon;
        return true;
      }
      case Phase.Value:
        return this.inString && this.depth === 0 ? this.scalarString(out) : this.scanValue(out);
    }
  }

  private punctuation(ch: string): boolean {
    const fail = (what: string) => {
      throw new MalformedTableError(`Unexpected ${JSON.stringify(ch)} ${what}`);
    };
    if (this.phase === Phase.Start) {
      if (ch !== '{') fail('where the table should start');
      this.phase = Phase.BeforeKey;
    } else if (this.phase === Phase.BeforeKey) {
      if (ch === '"') {
        this.phase = Phase.Key;
        this.keyStart = this.pos;
      } else if (ch === '}') this.phase = Phase.Done;
      else fail('where a key should be');
    } else if (this.phase === Phase.Colon) {
      if (ch !== ':') fail('after a key');
      this.phase = Phase.Value;
      this.valueStart = this.pos + 1;
      this.depth = 0;
      this.inString = false;
    } else if (this.phase === Phase.AfterValue) {
      if (ch === ',') this.phase = Phase.BeforeKey;
      else if (ch === '}') this.phase = Phase.Done;
      else fail('after a value');
    } else {
      fail('after the end of the table');
    }
    this.pos++;
    return true;
  }

  /** Index of the quote closing a string whose body starts at `from`, or -1 if not in the buffer yet. */
  private stringEnd(from: number): number {
    const b = this.buffer;
    let i = from;
    for (;;) {
      const quote = b.indexOf('"', i);
      if (quote < 0) return -1;
      let backslashes = 0;
      for (let j = quote - 1; j >= from && b.charCodeAt(j) === 92; j--) backslashes++;
      if (backslashes % 2 === 0) return quote;
      i = quote + 1;
    }
  }

  private scanValue(out: [string, string][]): boolean {
    const b = this.buffer;
    if (this.depth === 0 && !this.inString) {
      // The value's first character says what it is: an object or array, a string, or a scalar.
      while (this.pos < b.length && WHITESPACE.test(b[this.pos]!)) this.pos++;
      if (this.pos >= b.length) return false;
      const ch = b[this.pos]!;
      if (ch === '"') {
        this.inString = true;
        this.pos++;
        return this.scalarString(out);
      }
      if (ch !== '{' && ch !== '[') return this.scanScalar(out);
      this.depth = 1;
      this.pos++;
    }
    for (;;) {
      if (this.inString) {
        const close = this.stringEnd(this.pos);
        if (close < 0) {
          // Wait for more; a run of backslashes may straddle chunks, so resume at its start.
          this.pos = Math.max(this.pos, b.length - 1);
          while (b.charCodeAt(this.pos - 1) === 92) this.pos--;
          return false;
        }
        this.inString = false;
        this.pos = close + 1;
        continue;
      }
      STRUCTURAL.lastIndex = this.pos;
      const match = STRUCTURAL.exec(b);
      if (!match) {
        this.pos = b.length;
        return false;
      }
      const ch = match[0];
      this.pos = match.index + 1;
      if (ch === '"') {
        this.inString = true;
        continue;
      }
      if (ch === '{' || ch === '[') {
        this.depth++;
        continue;
      }
      this.depth--;
      if (this.depth === 0) {
        out.push([this.key, b.slice(this.valueStart, this.pos)]);
        this.phase = Phase.AfterValue;
        return true;
      }
    }
  }

  /** A top-level string value: ends at its closing quote. */
  private scalarString(out: [string, string][]): boolean {
    const close = this.stringEnd(this.pos);
    if (close < 0) {
      this.pos = Math.max(this.pos, this.buffer.length - 1);
      while (this.buffer.charCodeAt(this.pos - 1) === 92) this.pos--;
      return false;
    }
    this.inString = false;
    this.pos = close + 1;
    out.push([this.key, this.buffer.slice(this.valueStart, this.pos)]);
    this.phase = Phase.AfterValue;
    return true;
  }

  /** A number, true, false or null: ends before the next comma, brace or whitespace. */
  private scanScalar(out: [string, string][]): boolean {
    const rest = this.buffer.slice(this.pos);
    const end = rest.search(/[,}\s]/);
    if (end < 0) return false;
    this.pos += end;
    out.push([this.key, this.buffer.slice(this.valueStart, this.pos)]);
    this.phase = Phase.AfterValue;
    return true;
  }
}
