import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../scripts/lib/processes.ts';
import { root } from '../scripts/lib/stack.ts';

interface VitestJson {
  testResults: {
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      duration?: number;
    }[];
  }[];
}

export interface ReliabilityFigures {
  fuzz: {
    seed: number;
    reproduce: string;
    routes: number;
    inputsPerRoute: number;
    inputsTried: number;
    routesFailing: string[];
  };
  outages: { scenarios: number; survived: number; failing: string[] };
  sessionQuota: { tests: number; passed: number };
}

const FILES = [
  'test/workers/fuzz.test.ts',
  'test/workers/outages.test.ts',
  'test/workers/session-quota.test.ts'
];

/**
 * The edge's hardening tests in workerd (real KV, R2, the simulator over HTTP), read back as
 * figures: generated inputs per route and failures found, Bungie outage scenarios survived. The fuzz
 * inputs come from a new seed each run (FUZZ_SEED, when set, repeats a run's).
 */
export async function benchReliability(): Promise<ReliabilityFigures> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(1, 2 ** 31);
  if (!Number.isInteger(seed) || seed !== (seed | 0))
    throw new Error(`FUZZ_SEED must be a 32-bit integer, not ${process.env.FUZZ_SEED}`);
  const dir = mkdtempSync(join(tmpdir(), 'vault-raider-reliability-'));
  const out = join(dir, 'results.json');
  try {
    // A failing test still writes its results; the figures say which.
    await run(
      `${root}node_modules/.bin/vitest`,
      ['run', '--project', 'workers', ...FILES, '--reporter=json', `--outputFile=${out}`],
      { FUZZ_SEED: String(seed) }
    ).catch(() => undefined);
    const results = (JSON.parse(readFileSync(out, 'utf8')) as VitestJson).testResults.flatMap(
      (file) => file.assertionResults
    );
    const fuzz = results.filter((r) =>
      r.ancestorTitles.some((t) => t.startsWith('every /api route refuses junk'))
    );
    if (!fuzz.length) throw new Error('The fuzz test did not run: see its output above.');
    const title = /\((\d+) generated inputs each, seed (-?\d+)\)/.exec(
      fuzz[0]!.ancestorTitles.join(' ')
    );
    // The title names the seed the tests used: a seed that did not get through would be the fixed one.
    if (Number(title?.[2]) !== seed)
      throw new Error(
        `The fuzz test ran with seed ${title?.[2] ?? '(unknown)'}, not the ${seed} it was given`
      );
    const inputsPerRoute = Number(title?.[1] ?? 0);
    const outages = results.filter((r) => r.ancestorTitles.includes('Bungie outages at the edge'));
    const quota = results.filter((r) =>
      r.ancestorTitles.some((t) => t.includes('share of the Bungie quota'))
    );
    return {
      fuzz: {
        seed,
        reproduce: `FUZZ_SEED=${seed} npx vitest run --project workers test/workers/fuzz.test.ts`,
        routes: fuzz.length,
        inputsPerRoute,
        inputsTried: fuzz.filter((r) => r.status === 'passed').length * inputsPerRoute,
        routesFailing: fuzz.filter((r) => r.status !== 'passed').map((r) => r.title)
      },
      outages: {
        scenarios: outages.length,
        survived: outages.filter((r) => r.status === 'passed').length,
        failing: outages.filter((r) => r.status !== 'passed').map((r) => r.title)
      },
      sessionQuota: {
        tests: quota.length,
        passed: quota.filter((r) => r.status === 'passed').length
      }
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
