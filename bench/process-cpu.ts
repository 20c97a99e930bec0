import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time the stack's processes spend, read from Linux's /proc: exact where a sampling profile
 * is not (on a busy 2-core machine a sample taken after the thread waited for a core charges the
 * wait to whatever function was running, usually the one holding the largest buffer).
 */

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU milliseconds (user and system) used so far by every live process of each group, by name. */
export function cpuMsByGroup(groups: Record<string, number | undefined>): Record<string, number> {
  const nameOf = new Map<number, string>();
  for (const [name, group] of Object.entries(groups))
    if (group !== undefined) nameOf.set(group, name);
  const totals: Record<string, number> = Object.fromEntries(
    [...nameOf.values()].map((n) => [n, 0])
  );
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After "pid (command) ": state, ppid, pgrp, …, utime (14th field), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name = nameOf.get(Number(fields[2]));
    if (name === undefined) continue;
    totals[name]! += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }
  return totals;
}

/**
 * Runs `during`, and says how many CPU milliseconds each group, and this process (`client`), used
 * for each of `calls` calls it made.
 */
export async function cpuMsPerCall<T>(
  groups: Record<string, number | undefined>,
  calls: number,
  during: () => Promise<T>
): Promise<{ result: T; cpuMsPerCall: Record<string, number> }> {
  const before = cpuMsByGroup(groups);
  const client = process.cpuUsage();
  const result = await during();
  const after = cpuMsByGroup(groups);
  const { user, system } = process.cpuUsage(client);
  const perCall = (ms: number) => Math.round((ms / calls) * 10) / 10;
  const cpuMsPerCall = Object.fromEntries(
    Object.keys(after).map((name) => [name, perCall(after[name]! - (before[name] ?? 0))])
  );
  cpuMsPerCall.client = perCall((user + system) / 1000);
  return { result, cpuMsPerCall };
}
