import * as v from 'valibot';
import { ApiError } from './errors';

/** Parses input with a schema, or answers 400 saying what is wrong (never echoing what was sent). */
export function parseInput<T extends v.GenericSchema>(
  schema: T,
  input: unknown,
  what: string
): v.InferOutput<T> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const problems = result.issues
    .slice(0, 5)
    .map((issue) => `${v.getDotPath(issue) ?? what}: ${describeIssue(issue)}`);
  throw new ApiError(400, 'invalid_input', `Invalid ${what}: ${problems.join('; ')}`);
}

/** Valibot's words without the value received: a reply must not carry the sender's input back. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' || issue.type === 'object') {
    if (issue.received === 'undefined') return 'is missing';
    if (issue.expected === 'never') return 'is not expected';
  }
  if (issue.kind === 'schema')
    return `must be ${issue.expected === 'Object' ? 'an object' : issue.expected}`;
  return issue.message.replace(/ but received .*$/, '');
}

/** A route's JSON body limit unless it names its own: most bodies are a few ids (under 300 bytes). */
export const MAX_BODY_BYTES = 1024;

const tooLarge = (maxBytes: number) =>
  new ApiError(413, 'body_too_large', `The request body is over ${maxBytes} bytes.`);

/**
 * Reads a JSON body of at most `maxBytes`, or answers 400/413. The limit holds before anything is
 * parsed and whatever the client declares: a declared length over it is refused unread, and a body
 * sent without one (chunked) is read only up to the limit, then refused.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readUpTo(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid UTF-8 JSON.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

async function readUpTo(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const INT64_MAX = '9223372036854775807';

// Compared as digit strings: the check also sees input the regex refused (valibot runs the whole pipe).
const withinInt64 = (id: string) =>
  id.length < INT64_MAX.length || (id.length === INT64_MAX.length && id <= INT64_MAX);

/** Bungie's int64 ids, as the strings they travel as: digits only, within int64. */
export const int64Id = v.pipe(
  v.string(),
  v.regex(/^\d{1,19}$/, 'must be a numeric id'),
  v.check(withinInt64, 'is out of range for an id')
);
export const membershipTypeSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(254));
