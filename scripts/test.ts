import { isStopping, runCollected, runMain } from './lib/processes.ts';

/**
 * `npm test`: every check and test, in two lanes and then the browser. The Workers tests spend
 * much of their time on real clocks (Bungie's 15 s timeout, the quota's 10 s window, sign-in's
 * refresh margin) and use about one core; the checks, the unit tests, the build and the deploy
 * check take the other meanwhile. The browser tests run last and alone, on both cores.
 *
 * The checks lane is shown as it runs; the Workers lane's output is kept and shown whole when it
 * ends, so the two never interleave. A failed step ends its lane; the other lane still finishes, so
 * one run reports every failure it can, and the browser tests run only when both lanes passed.
 */
interface Step {
  name: string;
  script: string;
  env?: NodeJS.ProcessEnv;
}

interface Outcome {
  name: string;
  status: 'ok' | 'FAILED' | 'stopped';
  seconds: number;
}

const checksLane: Step[] = [
  { name: 'lint', script: 'lint' },
  { name: 'types', script: 'check' },
  { name: 'unit and simulator', script: 'test:unit' },
  { name: 'build', script: 'build' },
  { name: 'deploy dry run', script: 'test:deploy' }
];
const workersLane: Step[] = [{ name: 'Workers runtime', script: 'test:workers' }];
// The build above is the one the browser tests run against.
const browserStep: Step = { name: 'browser', script: 'test:e2e', env: { E2E_BUILT: '1' } };

async function runStep(step: Step, shown: boolean): Promise<Outcome> {
  const started = Date.now();
  const { code, output } = await runCollected('npm', ['run', step.script], step.env, shown);
  const seconds = (Date.now() - started) / 1000;
  if (!shown) process.stdout.write(output);
  // On Ctrl-C or SIGTERM runMain stops every step: one that ends then was stopped, not failed.
  const status = code === 0 ? 'ok' : isStopping() ? 'stopped' : 'FAILED';
  console.log(`\n${status} - ${step.name} (${seconds.toFixed(1)} s)\n`);
  return { name: step.name, status, seconds };
}

async function runLane(steps: Step[], shown: boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    const outcome = await runStep(step, shown);
    outcomes.push(outcome);
    if (outcome.status !== 'ok') break;
  }
  return outcomes;
}

runMain(async () => {
  const started = Date.now();
  const lanes = await Promise.all([runLane(checksLane, true), runLane(workersLane, false)]);
  const outcomes = lanes.flat();
  const passed = () => outcomes.every((o) => o.status === 'ok');
  const lanesPassed = passed() && outcomes.length === checksLane.length + workersLane.length;
  if (lanesPassed) outcomes.push(await runStep(browserStep, true));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`npm test, ${minutes} min in all:`);
  for (const o of outcomes)
    console.log(`  ${o.status.padEnd(7)} ${o.name.padEnd(20)} ${o.seconds.toFixed(1)} s`);
  if (!lanesPassed && !isStopping())
    console.log('  (the browser tests did not run: a step before them failed)');
  return passed() && lanesPassed ? 0 : 1;
});
