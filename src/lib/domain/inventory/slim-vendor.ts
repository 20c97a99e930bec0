import type { VendorStock } from './model.ts';
import type { SlotOf } from './slim-profile.ts';

/** The parts of Bungie's public vendors response (components 400, 402) read here. */
export interface PublicVendorsInput {
  vendors?: { data?: Record<string, { nextRefreshDate?: string; enabled?: boolean }> };
  sales?: {
    data?: Record<
      string,
      {
        saleItems?: Record<
          string,
          {
            itemHash: number;
            vendorItemIndex: number;
            costs?: { itemHash: number; quantity: number }[];
          }
        >;
      }
    >;
  };
}

/** One vendor's stock from the public vendors response, slimmed; absent vendors are "not here". */
export function slimVendor(
  vendorHash: number,
  input: PublicVendorsInput,
  slotOf: SlotOf,
  fetchedAt: string
): VendorStock {
  const vendor = input.vendors?.data?.[vendorHash];
  if (!vendor || vendor.enabled === false) return { present: false, items: [], fetchedAt };
  const sales = Object.values(input.sales?.data?.[vendorHash]?.saleItems ?? {}).sort(
    (a, b) => a.vendorItemIndex - b.vendorItemIndex
  );
  return {
    present: true,
    ...(vendor.nextRefreshDate ? { nextRefreshDate: vendor.nextRefreshDate } : {}),
    items: sales.map((s) => ({
      hash: s.itemHash,
      bucketHash: slotOf(s.itemHash) ?? 0,
      costs: (s.costs ?? []).map((c) => ({ hash: c.itemHash, quantity: c.quantity }))
    })),
    fetchedAt
  };
}
