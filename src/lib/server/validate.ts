import * as v from 'valibot';
import { ApiError } from './errors';

/** Parses input with a schema, or answers 400 saying what is wrong (never what was sent). */
export function parseInput<T extends v.GenericSchema>(schema: T, input: unknown, what: string): v.InferOutput<T> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const problems = result.issues.slice(0, 5).map((issue) => `${v.getDotPath(issue) ?? what}: ${issue.message}`);
  throw new ApiError(400, 'invalid_input', `Invalid ${what}: ${problems.join('; ')}`);
}

/** Reads a JSON body of at most `maxBytes`, or answers 400/413. */
export async function readJsonBody(request: Request, maxBytes = 16_384): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new ApiError(413, 'body_too_large', `The request body is over ${maxBytes} bytes.`);
  const text = await request.text();
  if (text.length > maxBytes) throw new ApiError(413, 'body_too_large', `The request body is over ${maxBytes} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/** Bungie's int64 ids, as the strings they travel as. */
export const int64Id = v.pipe(v.string(), v.regex(/^\d{1,19}$/, 'must be a numeric id'));
export const membershipTypeSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(254));
