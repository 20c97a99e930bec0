import { getPublicVendors } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import { ComponentType } from '../../bungie/components.ts';
import { XUR_VENDOR_HASH } from '../../bungie/hashes.ts';
import { slimVendor, type PublicVendorsInput } from '../../domain/inventory/slim-vendor.ts';
import type { AppEnv } from '../context';
import { loadItemSlots } from '../../published/item-slots.ts';
import { callerAddressKey, servicesFor } from '../services';

/**
 * `GET /api/vendors/xur`: Xûr's public stock (no sign-in needed), slimmed like the profile. With no
 * session to count against, each caller's address gets its own share of the Bungie quota.
 */
export function vendorRoutes() {
  return new Hono<AppEnv>().get('/xur', async (c) => {
    const bungie = servicesFor(c.env).bungieClient(
      callerAddressKey(c.req.header('CF-Connecting-IP'))
    );
    const [response, { slotOf }] = await Promise.all([
      getPublicVendors(bungie, { components: [ComponentType.Vendors, ComponentType.VendorSales] }),
      loadItemSlots(c.env.SHARDS)
    ]);
    return c.json(
      slimVendor(
        XUR_VENDOR_HASH,
        response.Response as unknown as PublicVendorsInput,
        slotOf,
        new Date().toISOString()
      )
    );
  });
}
