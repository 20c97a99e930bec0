import type { BucketInfo } from './build-shards.ts';

/** Slim versions of the small definition tables the client needs beside the item shards. */

interface Named {
  hash: number;
  displayProperties?: { name?: string; icon?: string };
}

export function readBuckets(
  table: Record<
    string,
    Named & {
      itemCount?: number;
      category?: number;
      location?: number;
      scope?: number;
      bucketOrder?: number;
    }
  >
): Map<number, BucketInfo> {
  const out = new Map<number, BucketInfo>();
  for (const def of Object.values(table)) {
    out.set(def.hash, {
      hash: def.hash,
      name: def.displayProperties?.name ?? '',
      itemCount: def.itemCount ?? 0,
      category: def.category ?? 0,
      location: def.location ?? 0,
      scope: def.scope ?? 0,
      bucketOrder: def.bucketOrder ?? 0
    });
  }
  return out;
}

export function slimBuckets(
  buckets: ReadonlyMap<number, BucketInfo>
): Record<string, Omit<BucketInfo, 'hash'>> {
  return Object.fromEntries([...buckets.values()].map(({ hash, ...rest }) => [hash, rest]));
}

export function slimClasses(
  table: Record<string, Named & { classType?: number }>
): Record<string, { name: string; classType: number }> {
  return Object.fromEntries(
    Object.values(table).map((d) => [
      d.hash,
      { name: d.displayProperties?.name ?? '', classType: d.classType ?? 3 }
    ])
  );
}

export function slimDamageTypes(
  table: Record<string, Named & { enumValue?: number }>
): Record<string, { name: string; enumValue: number; icon?: string }> {
  return Object.fromEntries(
    Object.values(table).map((d) => [
      d.hash,
      {
        name: d.displayProperties?.name ?? '',
        enumValue: d.enumValue ?? 0,
        ...(d.displayProperties?.icon ? { icon: d.displayProperties.icon } : {})
      }
    ])
  );
}

/** In-game loadouts' identifiers as a device shows them: names, icon and colour image paths. */
export interface LoadoutIdentifiers {
  names: Record<string, string>;
  icons: Record<string, string>;
  colors: Record<string, string>;
}

/** The loadout name, icon and colour tables, slimmed to what a slot shows. */
export function slimLoadoutIdentifiers(tables: {
  names: Record<string, { hash: number; name?: string }>;
  icons: Record<string, { hash: number; iconImagePath?: string }>;
  colors: Record<string, { hash: number; colorImagePath?: string }>;
}): LoadoutIdentifiers {
  const pick = <T extends { hash: number }>(table: Record<string, T>, field: (d: T) => string) =>
    Object.fromEntries(Object.values(table).map((d) => [d.hash, field(d)]));
  return {
    names: pick(tables.names, (d) => d.name ?? ''),
    icons: pick(tables.icons, (d) => d.iconImagePath ?? ''),
    colors: pick(tables.colors, (d) => d.colorImagePath ?? '')
  };
}
