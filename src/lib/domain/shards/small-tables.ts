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
