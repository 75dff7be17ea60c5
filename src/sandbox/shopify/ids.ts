/**
 * Shopify ids of the sandbox: 11–14 digit integers like a real store's (all below 2^53), derived from
 * the order's position so any gid maps back to its order with arithmetic or a binary search.
 */
export const IDS = {
  order: 5_100_000_000_000,
  lineItem: 13_200_000_000_000,
  shippingLine: 4_300_000_000_000,
  refund: 9_100_000_000_000,
  refundLineItem: 17_000_000_000_000,
  transaction: 7_000_000_000_000,
  fulfillment: 5_600_000_000_000,
  fulfillmentLineItem: 16_000_000_000_000,
  fulfillmentOrder: 6_700_000_000_000,
  fulfillmentOrderLineItem: 15_800_000_000_000,
  customer: 7_800_000_000_000,
  address: 9_900_000_000_000,
  product: 8_100_000_000_000,
  variant: 44_000_000_000_000,
  inventoryItem: 46_000_000_000_000,
  inventoryLevel: 122_589_380_745,
  location: 87_063_199_881,
  webhook: 1_611_364_040_841,
  bulk: 4_046_733_967_549,
  adjustmentGroup: 2_100_000_000_000,
} as const;

export const PER_ORDER = 16;

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/;

export function parseGid(value: unknown): { type: string; id: number; query: URLSearchParams } | null {
  if (typeof value !== 'string') return null;
  const m = GID.exec(value);
  if (!m?.[1] || !m[2]) return null;
  return { type: m[1], id: Number(m[2]), query: new URLSearchParams(m[3] ?? '') };
}
