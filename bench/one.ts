import { ensureDevVars, type Stack } from '../scripts/lib/stack.ts';
import { benchApiProfile } from './api-profile.ts';
import { benchFirstScreen } from './first-screen.ts';
import { benchFirstVisit } from './first-visit.ts';
import { benchItemSheet } from './item-sheet.ts';
import { benchLighthouseAll } from './lighthouse.ts';
import { startScratchStack } from './scratch-stack.ts';
import { benchSearch } from './search.ts';
import { benchSoak } from './soak.ts';

/**
 * `npm run bench:one -- <name>`: one of the benchmarks that need the running stack, alone, on its
 * own stack, printed rather than written to bench/results.json (the whole bench writes that, every
 * figure from one run). For working on one figure: the soak says where its drain's time goes.
 */
const BENCHES: Record<string, (stack: Stack) => Promise<unknown>> = {
  soak: benchSoak,
  'item-sheet': benchItemSheet,
  search: benchSearch,
  'first-screen': benchFirstScreen,
  'first-visit': benchFirstVisit,
  'api-profile': (stack) => benchApiProfile(stack),
  // LIGHTHOUSE_REPORT_DIR=<dir> keeps each run's whole report, to study a score.
  lighthouse: benchLighthouseAll
};
const name = process.argv[2] ?? '';
const bench = BENCHES[name];
if (!bench) {
  console.error(`Which one? npm run bench:one -- ${Object.keys(BENCHES).join('|')}`);
  process.exit(2);
}
ensureDevVars();
const stack = await startScratchStack();
try {
  const figures = await bench(stack);
  console.log(JSON.stringify(figures, null, 2));
  if ((figures as { passed?: boolean }).passed === false) process.exitCode = 1;
} finally {
  await stack.stop();
}
