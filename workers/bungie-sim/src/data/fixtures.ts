import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Real Bungie data copied into the project (see test/fixtures/bungie/PROVENANCE.md). */
const fixtureDir = new URL('../../../../test/fixtures/bungie/', import.meta.url);

export function readFixture<T = unknown>(name: string): T {
  const bytes = readFileSync(new URL(name, fixtureDir));
  const text = name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return JSON.parse(text) as T;
}
