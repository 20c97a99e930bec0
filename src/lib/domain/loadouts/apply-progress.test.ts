import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../outbox/entry.ts';
import { applyProgress, describeProgress } from './apply-progress.ts';

const tag = {
  applyId: 'a1',
  loadoutId: 'L1',
  name: 'Raid',
  itemCount: 3,
  itemIds: ['x', 'y', 'z']
};
const entry = (id: string, itemId: string, changes: Partial<OutboxEntry> = {}): OutboxEntry =>
  ({
    id,
    kind: 'equip',
    to: 'c',
    itemId,
    itemHash: 1,
    from: 'vault',
    stackSize: 1,
    createdAt: 0,
    state: 'pending',
    attempts: 0,
    nextTryAt: 0,
    loadout: tag,
    ...changes
  }) as OutboxEntry;

describe('applyProgress', () => {
  it('counts an item in place once none of its moves is left', () => {
    // x: moved and equipped (gone); y: moved, its equip left; z: its move failed.
    const progress = applyProgress([
      entry('m1', 'y'),
      entry('m2', 'z', { state: 'failed', problem: 'No room.' }),
      entry('m3', 'single', { loadout: undefined })
    ]);
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ applyId: 'a1', name: 'Raid', done: 1, total: 3 });
    expect(progress[0]!.failed.map((e) => e.id)).toEqual(['m2']);
    expect(progress[0]!.pending.map((e) => e.id)).toEqual(['m1']);
    expect(describeProgress(progress[0]!)).toBe('Applying Raid: 1 of 3, 1 failed');
  });

  it('keeps applications apart, and says nothing when none is under way', () => {
    const other = { ...tag, applyId: 'a2', name: 'Trials', itemCount: 2 };
    const progress = applyProgress([entry('m1', 'x'), entry('m2', 'x', { loadout: other })]);
    expect(progress.map(describeProgress)).toEqual([
      'Applying Raid: 2 of 3',
      'Applying Trials: 1 of 2'
    ]);
    expect(applyProgress([entry('m3', 'x', { loadout: undefined })])).toEqual([]);
  });
});
