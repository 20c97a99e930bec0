import type { InventoryItem } from '../inventory/model.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import type { NamedStat } from './item-sheet.ts';

/**
 * What a comparison lines up: every item of the same slot and type as the one compared ("Hand
 * Cannon" in the kinetic slot), and for armor of the same class, wherever it is.
 */
export function comparableItems<T extends InventoryItem>(
  items: readonly T[],
  item: T,
  definitionOf: (hash: number) => SlimItem | undefined
): T[] {
  const base = definitionOf(item.hash);
  if (!base) return [item];
  return items.filter((other) => {
    if (!other.instanced || other.bucketHash !== item.bucketHash) return false;
    const definition = definitionOf(other.hash);
    return (
      definition !== undefined &&
      definition.typeName === base.typeName &&
      definition.type === base.type &&
      (base.type !== 2 || definition.classType === base.classType)
    );
  });
}

export interface ComparedRow {
  id: string;
  power?: number;
  stats: readonly NamedStat[];
}

/** `power`, or a stat's hash: what a comparison sorts by. */
export type CompareKey = 'power' | number;

/**
 * Rows sorted by `key`, best first (the highest, or the lowest for a stat where smaller is better);
 * rows without the value go last, and ties keep their order.
 */
export function sortCompared<R extends ComparedRow>(rows: readonly R[], key: CompareKey): R[] {
  const valueOf = (row: R): number | undefined =>
    key === 'power' ? row.power : row.stats.find((s) => s.statHash === key)?.value;
  const smallerIsBetter =
    key !== 'power' &&
    rows.some((row) => row.stats.find((s) => s.statHash === key)?.smallerIsBetter);
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined)
        return (
          (a.value === undefined ? 1 : 0) - (b.value === undefined ? 1 : 0) || a.index - b.index
        );
      return (smallerIsBetter ? a.value - b.value : b.value - a.value) || a.index - b.index;
    })
    .map(({ row }) => row);
}
