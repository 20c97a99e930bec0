import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../scripts/lib/processes.ts';
import { root } from '../scripts/lib/stack.ts';

interface VitestJson {
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string; duration?: number }[] }[];
}

export interface ReliabilityFigures {
  fuzz: { routes: number; inputsPerRoute: number; inputsTried: number; routesFailing: string[] };
  outages: { scenarios: number; survived: number; failing: string[] };
  sessionQuota: { tests: number; passed: number };
}

const FILES = ['test/workers/fuzz.test.ts', 'test/workers/outages.test.ts', 'test/workers/session-quota.test.ts'];

/**
 * The edge's hardening tests in workerd (real KV, R2, the simulator over HTTP), read back as
 * figures: generated inputs per route and failures found, Bungie outage scenarios survived.
 */
export async function benchReliability(): Promise<ReliabilityFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'vault-raider-reliability-'));
  const out = join(dir, 'results.json');
  try {
    // A failing test still writes its results; the figures say which.
    await run(`${root}node_modules/.bin/vitest`, ['run', '--project', 'workers', ...FILES, '--reporter=json', `--outputFile=${out}`]).catch(() => undefined);
    const results = (JSON.parse(readFileSync(out, 'utf8')) as VitestJson).testResults.flatMap((file) => file.assertionResults);
    const fuzz = results.filter((r) => r.ancestorTitles.some((t) => t.startsWith('every /api route refuses junk')));
    const inputsPerRoute = Number(/\((\d+) generated inputs each\)/.exec(fuzz[0]?.ancestorTitles.join(' ') ?? '')?.[1] ?? 0);
    const outages = results.filter((r) => r.ancestorTitles.includes('Bungie outages at the edge'));
    const quota = results.filter((r) => r.ancestorTitles.some((t) => t.includes('share of the Bungie quota')));
    return {
      fuzz: { routes: fuzz.length, inputsPerRoute, inputsTried: fuzz.filter((r) => r.status === 'passed').length * inputsPerRoute, routesFailing: fuzz.filter((r) => r.status !== 'passed').map((r) => r.title) },
      outages: { scenarios: outages.length, survived: outages.filter((r) => r.status === 'passed').length, failing: outages.filter((r) => r.status !== 'passed').map((r) => r.title) },
      sessionQuota: { tests: quota.length, passed: quota.filter((r) => r.status === 'passed').length }
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
