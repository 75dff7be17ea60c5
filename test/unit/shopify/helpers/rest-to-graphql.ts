import { isJsonObject, type JsonObject, type JsonValue } from '../../../../src/core/json';
import { Money } from '../../../../src/core/money';

/**
 * The GraphQL Admin `Order` node Shopify would answer for a REST order: the same order, in the
 * GraphQL field names and shapes the connector selects (queries/selections.ts). Written from the
 * two APIs' documentation, independently of the mapper, so that mapping both shapes and comparing
 * checks the mapper rather than itself.
 */

function obj(value: JsonValue | undefined): JsonObject {
  return value !== undefined && isJsonObject(value) ? value : {};
}

function list(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function gid(type: string, owner: JsonObject, idKey = 'id'): string {
  const given = owner.admin_graphql_api_id;
  return typeof given === 'string' && given.startsWith('gid://')
    ? given
    : `gid://shopify/${type}/${String(owner[idKey])}`;
}

function moneyBag(set: JsonValue | undefined): JsonObject | null {
  const bag = obj(set);
  if (!bag.shop_money) return null;
  const side = (money: JsonObject) => ({
    amount: money.amount ?? '0',
    currencyCode: money.currency_code ?? null,
  });
  return { shopMoney: side(obj(bag.shop_money)), presentmentMoney: side(obj(bag.presentment_money)) };
}

function same(amount: string, shopCurrency: string, presentmentCurrency: string): JsonObject {
  return {
    shopMoney: { amount, currencyCode: shopCurrency },
    presentmentMoney: { amount, currencyCode: presentmentCurrency },
  };
}

function taxLines(value: JsonValue | undefined): JsonObject[] {
  return list(value).map((tax) => ({
    title: tax.title ?? null,
    rate: tax.rate ?? null,
    priceSet: moneyBag(tax.price_set),
  }));
}

function address(value: JsonValue | undefined): JsonObject | null {
  const a = obj(value);
  if (Object.keys(a).length === 0) return null;
  return {
    firstName: a.first_name ?? null,
    lastName: a.last_name ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.province_code ?? null,
    zip: a.zip ?? null,
    countryCodeV2: a.country_code ?? null,
    phone: a.phone ?? null,
  };
}

const FULFILLMENT_STATUS: Record<string, string> = {
  fulfilled: 'FULFILLED',
  partial: 'PARTIALLY_FULFILLED',
  restocked: 'RESTOCKED',
};

export function graphqlNodeFromRest(rest: JsonObject): JsonObject {
  const shopCurrency = String(rest.currency);
  const presentmentCurrency = String(rest.presentment_currency ?? rest.currency);
  const applications = list(rest.discount_applications);
  const application = (index: JsonValue | undefined): JsonObject | null => {
    if (typeof index !== 'number' || !applications[index]) return null;
    const a = applications[index]!;
    return {
      index,
      targetType: String(a.target_type).toUpperCase(),
      value: { __typename: a.value_type === 'percentage' ? 'PricingPercentageValue' : 'MoneyV2' },
      ...(a.type === 'discount_code' ? { code: a.code ?? null } : {}),
    };
  };
  const allocations = (value: JsonValue | undefined) =>
    list(value).map((a) => ({
      allocatedAmountSet: moneyBag(a.amount_set),
      discountApplication: application(a.discount_application_index),
    }));
  const refunded = (refund: JsonObject): JsonObject => {
    const paid = list(refund.transactions).filter((t) => t.kind === 'refund' && t.status === 'success');
    const total = Money.sum(
      paid.map((t) => Money.of(t.amount, shopCurrency)),
      shopCurrency,
    ).toString();
    return same(total, shopCurrency, presentmentCurrency);
  };
  const customer = rest.customer ? obj(rest.customer) : null;
  return {
    __typename: 'Order',
    id: gid('Order', rest),
    name: rest.name ?? null,
    createdAt: rest.created_at ?? null,
    updatedAt: rest.updated_at ?? null,
    cancelledAt: rest.cancelled_at ?? null,
    cancelReason: typeof rest.cancel_reason === 'string' ? rest.cancel_reason.toUpperCase() : null,
    currencyCode: shopCurrency,
    presentmentCurrencyCode: presentmentCurrency,
    taxesIncluded: rest.taxes_included ?? false,
    displayFinancialStatus:
      typeof rest.financial_status === 'string' ? rest.financial_status.toUpperCase() : null,
    displayFulfillmentStatus: FULFILLMENT_STATUS[String(rest.fulfillment_status)] ?? 'UNFULFILLED',
    email: text(rest.email) ?? text(rest.contact_email),
    phone: rest.phone ?? null,
    note: rest.note ?? null,
    tags:
      typeof rest.tags === 'string'
        ? rest.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : [],
    sourceName: rest.source_name ?? null,
    paymentGatewayNames: rest.payment_gateway_names ?? [],
    totalPriceSet: moneyBag(rest.total_price_set),
    totalDiscountsSet: moneyBag(rest.total_discounts_set),
    totalTaxSet: moneyBag(rest.total_tax_set),
    totalTipReceivedSet: same(String(rest.total_tip_received ?? '0.00'), shopCurrency, presentmentCurrency),
    originalTotalDutiesSet: moneyBag(rest.original_total_duties_set),
    originalTotalAdditionalFeesSet: moneyBag(rest.original_total_additional_fees_set),
    customer: customer
      ? {
          id: gid('Customer', customer),
          firstName: customer.first_name ?? null,
          lastName: customer.last_name ?? null,
          defaultEmailAddress: text(customer.email) ? { emailAddress: customer.email! } : null,
          defaultPhoneNumber: text(customer.phone) ? { phoneNumber: customer.phone! } : null,
        }
      : null,
    billingAddress: address(rest.billing_address),
    shippingAddress: address(rest.shipping_address),
    taxLines: taxLines(rest.tax_lines),
    lineItems: {
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: list(rest.line_items).map((line) => ({
        id: gid('LineItem', line),
        name: line.name ?? null,
        title: line.title ?? null,
        sku: line.sku ?? null,
        variantTitle: line.variant_title ?? null,
        quantity: line.quantity ?? 0,
        requiresShipping: line.requires_shipping ?? true,
        product: line.product_id ? { id: `gid://shopify/Product/${String(line.product_id)}` } : null,
        variant: line.variant_id ? { id: `gid://shopify/ProductVariant/${String(line.variant_id)}` } : null,
        originalUnitPriceSet: moneyBag(line.price_set),
        discountAllocations: allocations(line.discount_allocations),
        taxLines: taxLines(line.tax_lines),
      })),
    },
    shippingLines: {
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: list(rest.shipping_lines).map((line) => ({
        title: line.title ?? null,
        code: line.code ?? null,
        originalPriceSet: moneyBag(line.price_set),
        discountAllocations: allocations(line.discount_allocations),
        taxLines: taxLines(line.tax_lines),
      })),
    },
    refunds: list(rest.refunds).map((refund) => ({
      id: gid('Refund', refund),
      createdAt: refund.created_at ?? null,
      note: refund.note ?? null,
      totalRefundedSet: refunded(refund),
      refundLineItems: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: list(refund.refund_line_items).map((line) => ({
          lineItem: { id: gid('LineItem', obj(line.line_item)) },
          quantity: line.quantity ?? 0,
          subtotalSet: moneyBag(line.subtotal_set),
        })),
      },
    })),
    fulfillments: list(rest.fulfillments).map((f) => {
      const numbers = Array.isArray(f.tracking_numbers) ? f.tracking_numbers : [];
      const urls = Array.isArray(f.tracking_urls) ? f.tracking_urls : [];
      return {
        id: gid('Fulfillment', f),
        status: String(f.status).toUpperCase(),
        createdAt: f.created_at ?? null,
        trackingInfo: numbers.map((number, i) => ({
          company: f.tracking_company ?? null,
          number,
          url: urls[i] ?? null,
        })),
        fulfillmentLineItems: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: list(f.line_items).map((line) => ({
            lineItem: { id: gid('LineItem', line) },
            quantity: line.quantity ?? 0,
          })),
        },
      };
    }),
  };
}

/**
 * The rows Shopify's bulk JSONL holds for a node (grouped output): the order row with its inline
 * lists (refunds and fulfillments without their line items, which a bulk query cannot select),
 * then one row per line item and shipping line with `__parentId`.
 */
export function bulkRowsFromNode(node: JsonObject): JsonObject[] {
  const { lineItems, shippingLines, refunds, fulfillments, ...order } = node;
  const orderRow: JsonObject = {
    ...order,
    refunds: list(refunds).map(({ refundLineItems: _omit, ...refund }) => ({
      __typename: 'Refund',
      ...refund,
    })),
    fulfillments: list(fulfillments).map(({ fulfillmentLineItems: _omit, ...f }) => ({
      __typename: 'Fulfillment',
      ...f,
    })),
  };
  const children = (connection: JsonValue | undefined, typename: string) =>
    list(obj(connection).nodes).map((child) => ({ __typename: typename, ...child, __parentId: node.id! }));
  return [orderRow, ...children(lineItems, 'LineItem'), ...children(shippingLines, 'ShippingLine')];
}
