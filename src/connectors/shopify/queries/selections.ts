import { PAGE_SIZES } from '../platform';

/**
 * Selection sets shared by the paged documents and the bulk query, so every path reads the same
 * fields. Together they hold every field the canonical order needs (mappers/shopify/from-graphql).
 */

export const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const MONEY = 'amount currencyCode';
export const MONEY_BAG = `shopMoney { ${MONEY} } presentmentMoney { ${MONEY} }`;

export const TAX_LINE = `title rate priceSet { ${MONEY_BAG} }`;

/** The application is read through the allocation: no `discountApplications` connection needed. */
export const DISCOUNT_ALLOCATION = `
  allocatedAmountSet { ${MONEY_BAG} }
  discountApplication { index targetType value { __typename } ... on DiscountCodeApplication { code } }`;

export const LINE_ITEM = `
  id name title sku variantTitle quantity requiresShipping
  product { id }
  variant { id }
  originalUnitPriceSet { ${MONEY_BAG} }
  discountAllocations { ${DISCOUNT_ALLOCATION} }
  taxLines { ${TAX_LINE} }`;

export const SHIPPING_LINE = `
  title code
  originalPriceSet { ${MONEY_BAG} }
  discountAllocations { ${DISCOUNT_ALLOCATION} }
  taxLines { ${TAX_LINE} }`;

export const REFUND_LINE_ITEM = `lineItem { id } quantity subtotalSet { ${MONEY_BAG} }`;

export const FULFILLMENT_LINE_ITEM = 'lineItem { id } quantity';

export const REFUND = `id createdAt note totalRefundedSet { ${MONEY_BAG} }`;

export const FULFILLMENT = 'id status createdAt trackingInfo { company number url }';

const MAILING_ADDRESS =
  'firstName lastName company address1 address2 city province provinceCode zip countryCodeV2 phone';

/** Everything of an order that is not a connection. */
export const ORDER_FIELDS = `
  id name createdAt updatedAt cancelledAt cancelReason
  currencyCode presentmentCurrencyCode taxesIncluded
  displayFinancialStatus displayFulfillmentStatus
  email phone note tags sourceName paymentGatewayNames
  totalPriceSet { ${MONEY_BAG} }
  totalDiscountsSet { ${MONEY_BAG} }
  totalTaxSet { ${MONEY_BAG} }
  totalTipReceivedSet { ${MONEY_BAG} }
  originalTotalDutiesSet { ${MONEY_BAG} }
  originalTotalAdditionalFeesSet { ${MONEY_BAG} }
  customer { id firstName lastName defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
  billingAddress { ${MAILING_ADDRESS} }
  shippingAddress { ${MAILING_ADDRESS} }
  taxLines { ${TAX_LINE} }`;

/** A paged connection: `field(args) { pageInfo … nodes { … } }`. */
export function connection(field: string, args: string, node: string): string {
  return `${field}(${args}) { ${PAGE_INFO} nodes { ${node} } }`;
}

/** Removed shipping lines are kept, as the REST/webhook representation keeps them (`is_removed`). */
export const SHIPPING_LINES_ARGS = 'includeRemovals: true';

/** An order with the first page of each nested connection; the rest is fetched by follow-up queries. */
export const ORDER_WITH_FIRST_PAGES = `
  ${ORDER_FIELDS}
  ${connection('lineItems', `first: ${PAGE_SIZES.lineItems}`, LINE_ITEM)}
  ${connection('shippingLines', `first: ${PAGE_SIZES.shippingLines}, ${SHIPPING_LINES_ARGS}`, SHIPPING_LINE)}
  refunds(first: ${PAGE_SIZES.refunds}) {
    ${REFUND}
    ${connection('refundLineItems', `first: ${PAGE_SIZES.refundLineItems}`, REFUND_LINE_ITEM)}
  }
  fulfillments(first: ${PAGE_SIZES.fulfillments}) {
    ${FULFILLMENT}
    ${connection('fulfillmentLineItems', `first: ${PAGE_SIZES.fulfillmentLineItems}`, FULFILLMENT_LINE_ITEM)}
  }`;
