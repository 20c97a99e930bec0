import { describe, expect, it } from 'vitest';
import { forEachAtMost } from './at-most.ts';

/** Work that waits until released, recording when each item starts and ends. */
function gatedWork(fail: ReadonlySet<number> = new Set()) {
  const events: string[] = [];
  const gates = new Map<number, () => void>();
  let running = 0;
  let mostAtOnce = 0;
  const work = async (item: number) => {
    events.push(`start ${item}`);
    mostAtOnce = Math.max(mostAtOnce, ++running);
    await new Promise<void>((resolve) => gates.set(item, resolve));
    running--;
    events.push(`end ${item}`);
    if (fail.has(item)) throw new Error(`item ${item} failed`);
  };
  /** Lets the oldest waiting item finish, then lets the runner react. */
  const release = async (item: number) => {
    gates.get(item)!();
    gates.delete(item);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { work, events, release, gates, mostAtOnce: () => mostAtOnce };
}

describe('forEachAtMost', () => {
  it.each([
    { limit: 1, items: 5 },
    { limit: 3, items: 5 },
    { limit: 4, items: 2 },
    { limit: 8, items: 8 }
  ])('runs all $items items, never more than $limit at a time', async ({ limit, items }) => {
    const gated = gatedWork();
    const all = Array.from({ length: items }, (_, i) => i);
    const run = forEachAtMost(limit, all, gated.work);
    for (const item of all) {
      await Promise.resolve();
      expect(gated.gates.size).toBeLessThanOrEqual(limit);
      await gated.release(item);
    }
    await run;
    expect(gated.mostAtOnce()).toBe(Math.min(limit, items));
    expect(gated.events.filter((e) => e.startsWith('start'))).toEqual(all.map((i) => `start ${i}`));
    expect(gated.events.filter((e) => e.startsWith('end'))).toHaveLength(items);
  });

  it('starts the next item as soon as one ends, in the items order', async () => {
    const gated = gatedWork();
    const run = forEachAtMost(2, [0, 1, 2, 3], gated.work);
    await Promise.resolve();
    expect(gated.events).toEqual(['start 0', 'start 1']);
    await gated.release(1);
    expect(gated.events).toEqual(['start 0', 'start 1', 'end 1', 'start 2']);
    for (const item of [0, 2, 3]) await gated.release(item);
    await run;
  });

  it('after a failure starts nothing more, waits for the work under way, then throws it', async () => {
    const gated = gatedWork(new Set([0]));
    let settled = false;
    const run = forEachAtMost(2, [0, 1, 2, 3], gated.work).finally(() => (settled = true));
    run.catch(() => undefined);
    await Promise.resolve();
    await gated.release(0);
    expect(settled).toBe(false);
    await gated.release(1);
    await expect(run).rejects.toThrow('item 0 failed');
    expect(gated.events).toEqual(['start 0', 'start 1', 'end 0', 'end 1']);
  });

  it('when two fail, throws the one that failed first', async () => {
    const gated = gatedWork(new Set([0, 1]));
    const run = forEachAtMost(2, [0, 1, 2], gated.work);
    run.catch(() => undefined);
    await Promise.resolve();
    await gated.release(1);
    await gated.release(0);
    await expect(run).rejects.toThrow('item 1 failed');
    expect(gated.events).toEqual(['start 0', 'start 1', 'end 1', 'end 0']);
  });

  it('does nothing for no items, and refuses a limit under one', async () => {
    const gated = gatedWork();
    await forEachAtMost(3, [], gated.work);
    expect(gated.events).toEqual([]);
    await expect(forEachAtMost(0, [1], gated.work)).rejects.toThrow(RangeError);
  });
});
