import { describe, expect, it } from 'vitest';
import { slimVendor } from './slim-vendor.ts';

const XUR = 2190858386;
const at = '2026-11-22T12:00:00.000Z';

describe('slimVendor', () => {
  it('lists the stock in vendor order, with slots and costs', () => {
    const input = {
      vendors: { data: { [XUR]: { nextRefreshDate: '2026-11-24T17:00:00Z', enabled: true } } },
      sales: {
        data: {
          [XUR]: {
            saleItems: {
              1: { vendorItemIndex: 1, itemHash: 20, costs: [{ itemHash: 9, quantity: 97 }] },
              0: { vendorItemIndex: 0, itemHash: 10, costs: [] }
            }
          }
        }
      }
    };
    expect(slimVendor(XUR, input, (h) => (h === 10 ? 1498876634 : undefined), at)).toEqual({
      present: true,
      nextRefreshDate: '2026-11-24T17:00:00Z',
      items: [
        { hash: 10, bucketHash: 1498876634, costs: [] },
        { hash: 20, bucketHash: 0, costs: [{ hash: 9, quantity: 97 }] }
      ],
      fetchedAt: at
    });
  });

  it.each([
    ['absent', { vendors: { data: {} } }],
    ['disabled', { vendors: { data: { [XUR]: { enabled: false } } } }],
    ['a response without vendors', {}]
  ])('says he is away when %s', (_name, input) => {
    expect(slimVendor(XUR, input, () => undefined, at)).toEqual({
      present: false,
      items: [],
      fetchedAt: at
    });
  });
});
