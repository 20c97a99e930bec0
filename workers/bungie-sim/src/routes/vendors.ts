import { okEnvelope, SimError } from '../errors.ts';
import type { RouteModule } from './context.ts';
import { parseComponents } from './profile.ts';

export const XUR_VENDOR_HASH = 2190858386;
// Legendary Shards, Xûr's currency for exotics.
const LEGENDARY_SHARDS = 1022552290;

/** Weekly reset (Tuesday 17:00 UTC) after `now`: when Xûr's stock next rotates. */
export function nextWeeklyReset(now: number): string {
  const date = new Date(now);
  const reset = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 17)
  );
  const daysAhead = (2 - reset.getUTCDay() + 7) % 7;
  reset.setUTCDate(reset.getUTCDate() + daysAhead);
  if (reset.getTime() <= now) reset.setUTCDate(reset.getUTCDate() + 7);
  return reset.toISOString().replace('.000Z', 'Z');
}

export const vendorRoutes: RouteModule = (app, world) => {
  app.get('/Platform/Destiny2/Vendors', (c) => {
    const components = parseComponents(c.req.query('components'));
    if (!components) throw new SimError(18);
    const nextRefreshDate = nextWeeklyReset(world.now() + world.xurWeek * 7 * 86_400_000);
    const present = world.xurPresent;
    const response: Record<string, unknown> = {};
    if (components.has(400)) {
      response.vendorGroups = {
        data: {
          groups: [{ vendorGroupHash: 3444362755, vendorHashes: present ? [XUR_VENDOR_HASH] : [] }]
        },
        privacy: 1
      };
      response.vendors = {
        data: present
          ? { [XUR_VENDOR_HASH]: { vendorHash: XUR_VENDOR_HASH, nextRefreshDate, enabled: true } }
          : {},
        privacy: 1
      };
    }
    if (components.has(402)) {
      const saleItems = Object.fromEntries(
        world.dataset.xurStock.map((itemHash, vendorItemIndex) => [
          vendorItemIndex,
          {
            vendorItemIndex,
            itemHash,
            quantity: 1,
            costs: [{ itemHash: LEGENDARY_SHARDS, quantity: 97, hasConditionalVisibility: false }],
            apiPurchasable: false
          }
        ])
      );
      response.sales = { data: present ? { [XUR_VENDOR_HASH]: { saleItems } } : {}, privacy: 1 };
    }
    return c.json(okEnvelope(response));
  });
};
