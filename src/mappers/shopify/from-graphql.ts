import { isCurrencyCode } from '../../core/currencies';
import type { JsonObject, JsonValue } from '../../core/json';
import { graphqlAddress } from './address';
import { taxRate } from './amounts';
import { tagsOf } from './from-rest';
import type {
  AllocationFact,
  Amounts,
  CustomerFact,
  DiscountApplicationFact,
  FulfillmentFact,
  LineFact,
  RefundFact,
  ShippingFact,
  ShopifyOrderFacts,
  TaxFact,
} from './order-facts';
import {
  ShopifyOrderPayloadError,
  boolAt,
  decimalAt,
  idOf,
  intAt,
  nodesAt,
  objectAt,
  objectsAt,
  requireIdOf,
  requireTimestampAt,
  textAt,
  textsAt,
  timestampAt,
} from './read';
import { discountType, fulfillmentRecordStatus, restFulfillmentWord } from './vocabulary';

/**
 * Reads a GraphQL Admin `Order` node into facts: a node from `orders`/`order(id:)` (connections as
 * `{nodes}` or `{edges}`) or an order assembled from bulk JSONL rows (connections as lists).
 */
export function graphqlOrderFacts(order: JsonObject): ShopifyOrderFacts {
  const totalPriceSet = objectAt(order.totalPriceSet);
  const shopCurrency = currency(order.currencyCode ?? objectAt(totalPriceSet?.shopMoney)?.currencyCode);
  const presentmentCurrency =
    optionalCurrency(
      order.presentmentCurrencyCode ?? objectAt(totalPriceSet?.presentmentMoney)?.currencyCode,
    ) ?? shopCurrency;
  const id = requireIdOf(order.id, order.legacyResourceId, 'id');
  const createdAt = requireTimestampAt(order.createdAt, 'createdAt');
  const lines = nodesAt(order.lineItems).map((line, i) => graphqlLine(line, `lineItems[${i}]`));
  const shippingLines = nodesAt(order.shippingLines).map((line, i) =>
    graphqlShippingLine(line, `shippingLines[${i}]`),
  );
  return {
    id,
    name: textAt(order.name) ?? id,
    shopCurrency,
    presentmentCurrency,
    taxesIncluded: boolAt(order.taxesIncluded) ?? false,
    financialStatus: textAt(order.displayFinancialStatus)?.toLowerCase() ?? null,
    fulfillmentStatus: restFulfillmentWord(textAt(order.displayFulfillmentStatus)),
    totalPrice: moneyBag(order.totalPriceSet, 'totalPriceSet'),
    totalDiscounts: moneyBag(order.totalDiscountsSet, 'totalDiscountsSet'),
    totalTax: moneyBag(order.totalTaxSet, 'totalTaxSet'),
    tips: moneyBag(order.totalTipReceivedSet, 'totalTipReceivedSet'),
    duties: moneyBag(order.originalTotalDutiesSet, 'originalTotalDutiesSet'),
    additionalFees: moneyBag(order.originalTotalAdditionalFeesSet, 'originalTotalAdditionalFeesSet'),
    lines,
    shippingLines,
    orderTaxes: graphqlTaxes(order.taxLines, 'taxLines'),
    discountApplications: discountApplications(order),
    legacyDiscountCodes: [],
    refunds: nodesAt(order.refunds).map((refund, i) => graphqlRefund(refund, `refunds[${i}]`)),
    fulfillments: nodesAt(order.fulfillments).map((f, i) => graphqlFulfillment(f, `fulfillments[${i}]`)),
    customer: graphqlCustomer(objectAt(order.customer)),
    email: textAt(order.email),
    phone: textAt(order.phone),
    billingAddress: graphqlAddress(objectAt(order.billingAddress)),
    shippingAddress: graphqlAddress(objectAt(order.shippingAddress)),
    paymentGateways: textsAt(order.paymentGatewayNames),
    note: textAt(order.note),
    tags: tagsOf(order.tags),
    sourceName: textAt(order.sourceName),
    createdAt,
    updatedAt: timestampAt(order.updatedAt) ?? createdAt,
    cancelledAt: timestampAt(order.cancelledAt),
    cancelReason: textAt(order.cancelReason)?.toLowerCase() ?? null,
  };
}

function currency(value: JsonValue | undefined): string {
  const code = optionalCurrency(value);
  if (code === null) throw new ShopifyOrderPayloadError('currencyCode', 'is not an ISO 4217 currency code');
  return code;
}

function optionalCurrency(value: JsonValue | undefined): string | null {
  const code = textAt(value);
  return code !== null && isCurrencyCode(code) ? code : null;
}

/** A `MoneyBag`; an absent (null) bag, such as `originalTotalDutiesSet` without duties, is zero. */
function moneyBag(value: JsonValue | undefined, field: string): Amounts {
  const bag = objectAt(value);
  if (!bag) return { shop: '0', presentment: '0' };
  const presentment = objectAt(bag.presentmentMoney);
  return {
    shop: decimalAt(objectAt(bag.shopMoney)?.amount, `${field}.shopMoney`),
    presentment: presentment ? decimalAt(presentment.amount, `${field}.presentmentMoney`) : null,
  };
}

function graphqlTaxes(value: JsonValue | undefined, field: string): TaxFact[] {
  return nodesAt(value).map((tax, i) => ({
    title: textAt(tax.title) ?? 'Tax',
    rate: taxRate(tax.rate),
    amount: moneyBag(tax.priceSet, `${field}[${i}].priceSet`),
  }));
}

function graphqlAllocations(value: JsonValue | undefined, field: string): AllocationFact[] {
  return nodesAt(value).map((allocation, i) => {
    const index = objectAt(allocation.discountApplication)?.index;
    return {
      amount: moneyBag(allocation.allocatedAmountSet, `${field}[${i}].allocatedAmountSet`),
      applicationIndex: typeof index === 'number' ? index : null,
    };
  });
}

function graphqlLine(line: JsonObject, field: string): LineFact {
  return {
    id: requireIdOf(line.id, undefined, `${field}.id`),
    sku: textAt(line.sku),
    name: textAt(line.name) ?? textAt(line.title) ?? '',
    variantTitle: textAt(line.variantTitle),
    productId: idOf(objectAt(line.product)?.id, undefined),
    variantId: idOf(objectAt(line.variant)?.id, undefined),
    quantity: intAt(line.quantity, `${field}.quantity`),
    unitPrice: moneyBag(line.originalUnitPriceSet, `${field}.originalUnitPriceSet`),
    allocations: graphqlAllocations(line.discountAllocations, `${field}.discountAllocations`),
    taxes: graphqlTaxes(line.taxLines, `${field}.taxLines`),
    requiresShipping: boolAt(line.requiresShipping),
  };
}

function graphqlShippingLine(line: JsonObject, field: string): ShippingFact {
  return {
    title: textAt(line.title) ?? textAt(line.code) ?? 'Shipping',
    code: textAt(line.code),
    price: moneyBag(line.originalPriceSet, `${field}.originalPriceSet`),
    allocations: graphqlAllocations(line.discountAllocations, `${field}.discountAllocations`),
    taxes: graphqlTaxes(line.taxLines, `${field}.taxLines`),
  };
}

/** The applications named by the allocations (`discountApplication { index … }`), plus any listed on the order. */
function discountApplications(order: JsonObject): DiscountApplicationFact[] {
  const allocationOwners = [...nodesAt(order.lineItems), ...nodesAt(order.shippingLines)];
  const applications = [
    ...nodesAt(order.discountApplications),
    ...allocationOwners.flatMap((owner) =>
      nodesAt(owner.discountAllocations).flatMap((a) =>
        objectsAt(a.discountApplication ? [a.discountApplication] : []),
      ),
    ),
  ];
  const byIndex = new Map<number, DiscountApplicationFact>();
  for (const application of applications) {
    if (typeof application.index !== 'number' || byIndex.has(application.index)) continue;
    const value = objectAt(application.value);
    const valueKind =
      textAt(value?.__typename) ??
      (value?.percentage !== undefined ? 'percentage' : value ? 'MoneyV2' : null);
    byIndex.set(application.index, {
      index: application.index,
      code: textAt(application.code),
      type: discountType(textAt(application.targetType), valueKind),
    });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function graphqlRefund(refund: JsonObject, field: string): RefundFact {
  const total = moneyBag(refund.totalRefundedSet, `${field}.totalRefundedSet`);
  return {
    id: requireIdOf(refund.id, refund.legacyResourceId, `${field}.id`),
    createdAt: timestampAt(refund.createdAt),
    note: textAt(refund.note),
    amount: { shop: total.shop, presentment: total.presentment },
    lines: nodesAt(refund.refundLineItems).map((line, i) => ({
      lineItemId: requireIdOf(
        objectAt(line.lineItem)?.id,
        undefined,
        `${field}.refundLineItems[${i}].lineItem`,
      ),
      quantity: intAt(line.quantity, `${field}.refundLineItems[${i}].quantity`),
      amount: moneyBag(line.subtotalSet, `${field}.refundLineItems[${i}].subtotalSet`),
    })),
  };
}

function graphqlFulfillment(fulfillment: JsonObject, field: string): FulfillmentFact {
  const tracking = nodesAt(fulfillment.trackingInfo);
  const present = (values: (string | null)[]) => values.filter((v): v is string => v !== null);
  return {
    id: requireIdOf(fulfillment.id, fulfillment.legacyResourceId, `${field}.id`),
    status: fulfillmentRecordStatus(textAt(fulfillment.status)),
    createdAt: timestampAt(fulfillment.createdAt),
    trackingCompany: present(tracking.map((t) => textAt(t.company)))[0] ?? null,
    trackingNumbers: present(tracking.map((t) => textAt(t.number))),
    trackingUrls: present(tracking.map((t) => textAt(t.url))),
    lines: nodesAt(fulfillment.fulfillmentLineItems).map((line, i) => ({
      lineItemId: requireIdOf(
        objectAt(line.lineItem)?.id,
        undefined,
        `${field}.fulfillmentLineItems[${i}].lineItem`,
      ),
      quantity: intAt(line.quantity, `${field}.fulfillmentLineItems[${i}].quantity`),
    })),
  };
}

function graphqlCustomer(customer: JsonObject | null): CustomerFact | null {
  if (!customer) return null;
  return {
    id: idOf(customer.id, undefined),
    email: textAt(objectAt(customer.defaultEmailAddress)?.emailAddress) ?? textAt(customer.email),
    phone: textAt(objectAt(customer.defaultPhoneNumber)?.phoneNumber) ?? textAt(customer.phone),
    firstName: textAt(customer.firstName),
    lastName: textAt(customer.lastName),
  };
}
