import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../scripts/lib/processes.ts';
import { root, type Stack } from '../scripts/lib/stack.ts';

export interface SoakFigures {
  moves: number;
  lost: number;
  appliedTwice: number;
  unplannedActions: number;
  finalStateMismatches: number;
  drainMs: number;
  idealDrainMs: number;
  drainRatioToIdeal: number;
  passed: boolean;
  [figure: string]: unknown;
}

/** Runs the moves soak (bench/soak/moves.soak.ts) against a running stack; returns its figures. */
export async function benchSoak(stack: Stack): Promise<SoakFigures> {
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const dir = mkdtempSync(join(tmpdir(), 'vault-raider-soak-'));
  const out = join(dir, 'soak.json');
  try {
    // The soak asserts nothing lost, applied twice or unplanned; its figures are written either way.
    const passed = await run(
      `${root}node_modules/.bin/vitest`,
      ['run', '--project', 'soak', 'bench/soak/moves.soak.ts'],
      {
        SOAK_APP_URL: stack.appUrl,
        SOAK_SIM_URL: stack.simUrl,
        SOAK_OUT: out
      }
    ).then(
      () => true,
      (error: unknown) => {
        if (!existsSync(out)) throw error;
        return false;
      }
    );
    return { ...(JSON.parse(readFileSync(out, 'utf8')) as SoakFigures), passed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
