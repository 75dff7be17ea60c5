import { isCurrencyCode } from '../../core/currencies';
import type { JsonObject, JsonValue } from '../../core/json';
import { restAddress } from './address';
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
  objectAt,
  objectsAt,
  requireIdOf,
  requireTimestampAt,
  textAt,
  textsAt,
  timestampAt,
} from './read';
import { negateDecimal, sumDecimals, taxRate } from './amounts';
import { discountType, fulfillmentRecordStatus } from './vocabulary';

/** Reads a REST-shaped order (Admin REST resource, every `orders/*` webhook body) into facts. */
export function restOrderFacts(order: JsonObject): ShopifyOrderFacts {
  const shopCurrency = currencyOf(
    order.currency,
    objectAt(objectAt(order.total_price_set)?.shop_money)?.currency_code,
  );
  const presentmentCurrency =
    currencyOf(
      order.presentment_currency,
      objectAt(objectAt(order.total_price_set)?.presentment_money)?.currency_code,
      false,
    ) ?? shopCurrency;
  const id = requireIdOf(order.admin_graphql_api_id, order.id, 'id');
  const createdAt = requireTimestampAt(order.created_at, 'created_at');
  return {
    id,
    name: textAt(order.name) ?? (textAt(order.order_number) ? `#${textAt(order.order_number)}` : id),
    shopCurrency,
    presentmentCurrency,
    taxesIncluded: boolAt(order.taxes_included) ?? false,
    financialStatus: textAt(order.financial_status)?.toLowerCase() ?? null,
    fulfillmentStatus: restFulfillmentStatus(textAt(order.fulfillment_status)),
    totalPrice: amounts(order.total_price_set, order.total_price, 'total_price'),
    totalDiscounts: amounts(order.total_discounts_set, order.total_discounts, 'total_discounts'),
    totalTax: amounts(order.total_tax_set, order.total_tax, 'total_tax'),
    tips: amounts(undefined, order.total_tip_received, 'total_tip_received'),
    duties: amounts(order.original_total_duties_set, undefined, 'original_total_duties_set'),
    additionalFees: amounts(
      order.original_total_additional_fees_set,
      undefined,
      'original_total_additional_fees_set',
    ),
    lines: objectsAt(order.line_items).map((line, i) => restLine(line, `line_items[${i}]`)),
    shippingLines: objectsAt(order.shipping_lines).map((line, i) =>
      restShippingLine(line, `shipping_lines[${i}]`),
    ),
    orderTaxes: restTaxes(order.tax_lines, 'tax_lines'),
    discountApplications: objectsAt(order.discount_applications).map(restDiscountApplication),
    legacyDiscountCodes: objectsAt(order.discount_codes).map((code, i) => ({
      code: textAt(code.code),
      type: discountType(textAt(code.type) === 'shipping' ? 'shipping_line' : null, textAt(code.type)),
      amount: decimalAt(code.amount, `discount_codes[${i}].amount`),
    })),
    refunds: objectsAt(order.refunds).map((refund, i) =>
      restRefund(refund, `refunds[${i}]`, shopCurrency, presentmentCurrency),
    ),
    fulfillments: objectsAt(order.fulfillments).map((f, i) => restFulfillment(f, `fulfillments[${i}]`)),
    customer: restCustomer(objectAt(order.customer)),
    email: textAt(order.email) ?? textAt(order.contact_email),
    phone: textAt(order.phone),
    billingAddress: restAddress(objectAt(order.billing_address)),
    shippingAddress: restAddress(objectAt(order.shipping_address)),
    paymentGateways: paymentGateways(order),
    note: textAt(order.note),
    tags: tagsOf(order.tags),
    sourceName: textAt(order.source_name),
    createdAt,
    updatedAt: timestampAt(order.updated_at) ?? createdAt,
    cancelledAt: timestampAt(order.cancelled_at),
    cancelReason: textAt(order.cancel_reason)?.toLowerCase() ?? null,
  };
}

function currencyOf(primary: JsonValue | undefined, fallback: JsonValue | undefined, required?: true): string;
function currencyOf(
  primary: JsonValue | undefined,
  fallback: JsonValue | undefined,
  required: false,
): string | null;
function currencyOf(
  primary: JsonValue | undefined,
  fallback: JsonValue | undefined,
  required = true,
): string | null {
  const code = [textAt(primary), textAt(fallback)].find((c) => c !== null && isCurrencyCode(c)) ?? null;
  if (code === null && required)
    throw new ShopifyOrderPayloadError('currency', 'is not an ISO 4217 currency code');
  return code;
}

/**
 * An amount from a `*_set` (`{shop_money, presentment_money}`) or, in payloads older than the sets,
 * the plain shop-currency field. Absent is zero, and zero is zero in every currency.
 */
function amounts(set: JsonValue | undefined, plain: JsonValue | undefined, field: string): Amounts {
  const bag = objectAt(set);
  if (bag) {
    const presentment = objectAt(bag.presentment_money);
    return {
      shop: decimalAt(objectAt(bag.shop_money)?.amount, `${field}_set.shop_money`),
      presentment: presentment ? decimalAt(presentment.amount, `${field}_set.presentment_money`) : null,
    };
  }
  const shop = decimalAt(plain, field);
  return { shop, presentment: /^-?0(\.0*)?$/.test(shop) ? shop : null };
}

function restFulfillmentStatus(value: string | null): string | null {
  const status = value?.toLowerCase() ?? null;
  return status === 'unfulfilled' ? null : status;
}

function restTaxes(value: JsonValue | undefined, field: string): TaxFact[] {
  return objectsAt(value).map((tax, i) => ({
    title: textAt(tax.title) ?? 'Tax',
    rate: taxRate(tax.rate),
    amount: amounts(tax.price_set, tax.price, `${field}[${i}].price`),
  }));
}

function restAllocations(value: JsonValue | undefined, field: string): AllocationFact[] {
  return objectsAt(value).map((allocation, i) => ({
    amount: amounts(allocation.amount_set, allocation.amount, `${field}[${i}].amount`),
    applicationIndex:
      typeof allocation.discount_application_index === 'number'
        ? allocation.discount_application_index
        : null,
  }));
}

function restLine(line: JsonObject, field: string): LineFact {
  return {
    id: requireIdOf(line.admin_graphql_api_id, line.id, `${field}.id`),
    sku: textAt(line.sku),
    name: textAt(line.name) ?? textAt(line.title) ?? '',
    variantTitle: textAt(line.variant_title),
    productId: idOf(undefined, line.product_id),
    variantId: idOf(undefined, line.variant_id),
    quantity: intAt(line.quantity, `${field}.quantity`),
    unitPrice: amounts(line.price_set, line.price, `${field}.price`),
    allocations: restAllocations(line.discount_allocations, `${field}.discount_allocations`),
    taxes: restTaxes(line.tax_lines, `${field}.tax_lines`),
    requiresShipping: boolAt(line.requires_shipping),
  };
}

function restShippingLine(line: JsonObject, field: string): ShippingFact {
  return {
    title: textAt(line.title) ?? textAt(line.code) ?? 'Shipping',
    code: textAt(line.code),
    price: amounts(line.price_set, line.price, `${field}.price`),
    allocations: restAllocations(line.discount_allocations, `${field}.discount_allocations`),
    taxes: restTaxes(line.tax_lines, `${field}.tax_lines`),
  };
}

function restDiscountApplication(application: JsonObject, index: number): DiscountApplicationFact {
  return {
    index,
    code: textAt(application.type) === 'discount_code' ? textAt(application.code) : null,
    type: discountType(textAt(application.target_type), textAt(application.value_type)),
  };
}

function restRefund(
  refund: JsonObject,
  field: string,
  shopCurrency: string,
  presentmentCurrency: string,
): RefundFact {
  return {
    id: requireIdOf(refund.admin_graphql_api_id, refund.id, `${field}.id`),
    createdAt: timestampAt(refund.created_at),
    note: textAt(refund.note),
    amount: refundedMoney(refund, field, shopCurrency, presentmentCurrency),
    lines: objectsAt(refund.refund_line_items).map((line, i) => ({
      lineItemId: requireIdOf(
        objectAt(line.line_item)?.admin_graphql_api_id,
        line.line_item_id,
        `${field}.refund_line_items[${i}].line_item_id`,
      ),
      quantity: intAt(line.quantity, `${field}.refund_line_items[${i}].quantity`),
      amount: amounts(line.subtotal_set, line.subtotal, `${field}.refund_line_items[${i}].subtotal`),
    })),
  };
}

/**
 * Money returned by a REST refund: its successful `refund` transactions. Transactions are in the
 * currency the customer paid in (null `currency`: that one too); when that is not the shop's
 * currency, the shop amount is what the refund itself adds up to in shop money.
 */
function refundedMoney(
  refund: JsonObject,
  field: string,
  shopCurrency: string,
  presentmentCurrency: string,
): RefundFact['amount'] {
  const paid = objectsAt(refund.transactions).filter(
    (t) => textAt(t.kind)?.toLowerCase() === 'refund' && textAt(t.status)?.toLowerCase() === 'success',
  );
  const inCurrency = (currency: string) =>
    paid
      .filter((t) => (textAt(t.currency) ?? presentmentCurrency) === currency)
      .map((t, i) => decimalAt(t.amount, `${field}.transactions[${i}].amount`));
  const presentment = inCurrency(presentmentCurrency);
  const shop = inCurrency(shopCurrency);
  return {
    shop: shop.length > 0 || paid.length === 0 ? sumDecimals(shop) : refundComputedShopMoney(refund, field),
    presentment: presentment.length > 0 || paid.length === 0 ? sumDecimals(presentment) : null,
  };
}

function refundComputedShopMoney(refund: JsonObject, field: string): string {
  const shopOf = (set: JsonValue | undefined, name: string) =>
    amounts(set, undefined, `${field}.${name}`).shop;
  const parts: string[] = [];
  for (const line of objectsAt(refund.refund_line_items)) {
    parts.push(
      shopOf(line.subtotal_set, 'refund_line_items.subtotal'),
      shopOf(line.total_tax_set, 'refund_line_items.total_tax'),
    );
  }
  for (const adjustment of objectsAt(refund.order_adjustments)) {
    // Adjustments are negative for money returned (a shipping refund of 5.00 is "-5.00").
    parts.push(negateDecimal(shopOf(adjustment.amount_set, 'order_adjustments.amount')));
    parts.push(negateDecimal(shopOf(adjustment.tax_amount_set, 'order_adjustments.tax_amount')));
  }
  parts.push(
    shopOf(refund.total_duties_set, 'total_duties'),
    shopOf(refund.total_additional_fees_set, 'total_additional_fees'),
  );
  return sumDecimals(parts);
}

function restFulfillment(fulfillment: JsonObject, field: string): FulfillmentFact {
  const texts = (list: JsonValue | undefined, single: JsonValue | undefined) => {
    const many = textsAt(list);
    const one = textAt(single);
    return many.length > 0 || one === null ? many : [one];
  };
  return {
    id: requireIdOf(fulfillment.admin_graphql_api_id, fulfillment.id, `${field}.id`),
    status: fulfillmentRecordStatus(textAt(fulfillment.status)),
    createdAt: timestampAt(fulfillment.created_at),
    trackingCompany: textAt(fulfillment.tracking_company),
    trackingNumbers: texts(fulfillment.tracking_numbers, fulfillment.tracking_number),
    trackingUrls: texts(fulfillment.tracking_urls, fulfillment.tracking_url),
    lines: objectsAt(fulfillment.line_items).map((line, i) => ({
      lineItemId: requireIdOf(line.admin_graphql_api_id, line.id, `${field}.line_items[${i}].id`),
      quantity: intAt(line.quantity, `${field}.line_items[${i}].quantity`),
    })),
  };
}

function restCustomer(customer: JsonObject | null): CustomerFact | null {
  if (!customer) return null;
  return {
    id: idOf(customer.admin_graphql_api_id, customer.id),
    email: textAt(customer.email),
    phone: textAt(customer.phone),
    firstName: textAt(customer.first_name),
    lastName: textAt(customer.last_name),
  };
}

function paymentGateways(order: JsonObject): string[] {
  if (Array.isArray(order.payment_gateway_names)) return textsAt(order.payment_gateway_names);
  const gateway = textAt(order.gateway);
  return gateway === null ? [] : [gateway];
}

/** REST sends `"tag1, tag2"`; a list is read the same way. */
export function tagsOf(value: JsonValue | undefined): string[] {
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  return parts.map((tag) => textAt(tag)).filter((tag): tag is string => tag !== null);
}
