import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../scripts/lib/processes.ts';
import { root, type Stack } from '../scripts/lib/stack.ts';

interface ApplyRun {
  items: number;
  ms: number;
  actionCalls: number;
  callsMade: number;
  meanActionMs: number;
  appliedTwice: number;
  lost: number;
  notInPlace: number;
  idealMs?: number;
  ratioToIdeal?: number;
}

export interface LoadoutFigures {
  items: number;
  latencyMs: number;
  batched: ApplyRun;
  baselineOneEquipPerCall: ApplyRun;
  withFailures20: ApplyRun;
  passed: boolean;
}

/** Applies a 10-item loadout (bench/soak/loadout.soak.ts) against a running stack; its figures. */
export async function benchLoadout(stack: Stack): Promise<LoadoutFigures> {
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const dir = mkdtempSync(join(tmpdir(), 'vault-raider-loadout-'));
  const out = join(dir, 'loadout.json');
  try {
    // The run asserts nothing lost, applied twice or out of place; its figures are written either way.
    const passed = await run(
      `${root}node_modules/.bin/vitest`,
      ['run', '--project', 'soak', 'bench/soak/loadout.soak.ts'],
      { SOAK_APP_URL: stack.appUrl, SOAK_SIM_URL: stack.simUrl, SOAK_OUT: out }
    ).then(
      () => true,
      (error: unknown) => {
        if (!existsSync(out)) throw error;
        return false;
      }
    );
    return { ...(JSON.parse(readFileSync(out, 'utf8')) as Omit<LoadoutFigures, 'passed'>), passed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
