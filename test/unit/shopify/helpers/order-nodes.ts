import type { JsonObject } from '../../../../src/core/json';

/** GraphQL order nodes for paging tests: `lines` line items at 1.00, no tax, nothing else. */

export function money(amount: string, currency = 'USD'): JsonObject {
  return {
    shopMoney: { amount, currencyCode: currency },
    presentmentMoney: { amount, currencyCode: currency },
  };
}

export function lineItem(orderNumber: number, i: number): JsonObject {
  return {
    id: `gid://shopify/LineItem/${orderNumber * 1000 + i}`,
    name: `Item ${i}`,
    title: `Item ${i}`,
    sku: `SKU-${i}`,
    variantTitle: null,
    quantity: 1,
    requiresShipping: true,
    product: { id: 'gid://shopify/Product/1' },
    variant: { id: `gid://shopify/ProductVariant/${i}` },
    originalUnitPriceSet: money('1.00'),
    discountAllocations: [],
    taxLines: [],
  };
}

export function page(nodes: JsonObject[], endCursor: string | null, hasNextPage: boolean): JsonObject {
  return { pageInfo: { hasNextPage, endCursor }, nodes };
}

export function orderNode(orderNumber: number, lines: number, overrides: JsonObject = {}): JsonObject {
  const all = Array.from({ length: lines }, (_, i) => lineItem(orderNumber, i + 1));
  return {
    id: `gid://shopify/Order/${orderNumber}`,
    name: `#${orderNumber}`,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T12:00:00-02:00',
    cancelledAt: null,
    cancelReason: null,
    currencyCode: 'USD',
    presentmentCurrencyCode: 'USD',
    taxesIncluded: false,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    email: 'buyer@example.com',
    phone: null,
    note: null,
    tags: [],
    sourceName: 'web',
    paymentGatewayNames: ['manual'],
    totalPriceSet: money(`${lines}.00`),
    totalDiscountsSet: money('0.00'),
    totalTaxSet: money('0.00'),
    totalTipReceivedSet: money('0.00'),
    originalTotalDutiesSet: null,
    originalTotalAdditionalFeesSet: null,
    customer: null,
    billingAddress: null,
    shippingAddress: null,
    taxLines: [],
    lineItems: page(all.slice(0, 5), all.length > 5 ? 'line-5' : null, all.length > 5),
    shippingLines: page([], null, false),
    refunds: [],
    fulfillments: [],
    ...overrides,
  };
}
