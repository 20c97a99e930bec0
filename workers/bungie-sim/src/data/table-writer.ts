import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a `{"hash": {...}, ...}` table entry by entry, honouring back-pressure, so that a table
 * of any size is never held whole in memory.
 */
export async function writeTable(
  file: string,
  entries: Iterable<[string, string]>
): Promise<{ count: number; bytes: number }> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let count = 0;
  let bytes = 0;
  let failure: Error | undefined;
  out.on('error', (error) => (failure = error));
  const write = async (chunk: string) => {
    if (failure) throw failure;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write('{');
  for (const [key, json] of entries) {
    await write(`${count === 0 ? '' : ','}${JSON.stringify(key)}:${json}`);
    count++;
  }
  await write('}');
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve()))
  );
  return { count, bytes };
}
