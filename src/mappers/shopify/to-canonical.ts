import type {
  CanonicalOrder,
  Customer,
  Discount,
  LineItem,
  ShippingLine,
  TaxLine,
} from '../../core/canonical/types';
import { Money } from '../../core/money';
import type { AllocationFact, ShopifyOrderFacts, TaxFact } from './order-facts';
import { channelStatus, financialStatus, fulfillmentStatus, orderStatus } from './statuses';
import { orderTotals } from './totals';

export const SHOPIFY_CHANNEL = 'shopify';

/** The canonical order from the facts of either payload shape. Pure. */
export function canonicalOrderFromFacts(facts: ShopifyOrderFacts): CanonicalOrder {
  const currency = facts.shopCurrency;
  const shop = (value: string) => Money.of(value, currency);
  const allocated = (allocations: AllocationFact[]) =>
    Money.sum(
      allocations.map((a) => shop(a.amount.shop)),
      currency,
    );
  const taxed = (taxes: TaxFact[]) =>
    Money.sum(
      taxes.map((t) => shop(t.amount.shop)),
      currency,
    );

  const totals = orderTotals(facts, 'shop', currency)!;
  const presentmentTotals =
    facts.presentmentCurrency === currency
      ? null
      : orderTotals(facts, 'presentment', facts.presentmentCurrency);

  const lineItems: LineItem[] = facts.lines.map((line) => {
    const discount = allocated(line.allocations);
    const item: LineItem = {
      externalId: line.id,
      sku: line.sku,
      name: line.name,
      variantTitle: line.variantTitle,
      productExternalId: line.productId,
      variantExternalId: line.variantId,
      quantity: line.quantity,
      unitPrice: shop(line.unitPrice.shop).toString(),
      discount: discount.toString(),
      tax: taxed(line.taxes).toString(),
      total: shop(line.unitPrice.shop).times(line.quantity).minus(discount).toString(),
    };
    if (line.requiresShipping !== null) item.requiresShipping = line.requiresShipping;
    return item;
  });

  const shippingLines: ShippingLine[] = facts.shippingLines.map((line) => ({
    title: line.title,
    code: line.code,
    price: shop(line.price.shop).toString(),
    discount: allocated(line.allocations).toString(),
    tax: taxed(line.taxes).toString(),
  }));

  return {
    channel: SHOPIFY_CHANNEL,
    externalId: facts.id,
    orderNumber: facts.name,
    status: orderStatus(facts),
    financialStatus: financialStatus(facts.financialStatus),
    fulfillmentStatus: fulfillmentStatus(facts.fulfillmentStatus),
    channelStatus: channelStatus(facts.financialStatus, facts.fulfillmentStatus),
    currency,
    presentment: presentmentTotals
      ? { currency: facts.presentmentCurrency, totals: presentmentTotals }
      : null,
    taxesIncluded: facts.taxesIncluded,
    totals,
    customer: canonicalCustomer(facts),
    billingAddress: facts.billingAddress,
    shippingAddress: facts.shippingAddress,
    lineItems,
    shippingLines,
    taxLines: taxLines(facts, totals.tax),
    discounts: discounts(facts),
    refunds: facts.refunds.map((refund) => ({
      externalId: refund.id,
      createdAt: refund.createdAt,
      amount: shop(refund.amount.shop ?? '0').toString(),
      reason: refund.note,
      lineItems: refund.lines.map((line) => ({
        lineItemExternalId: line.lineItemId,
        quantity: line.quantity,
        amount: shop(line.amount.shop).toString(),
      })),
    })),
    fulfillments: facts.fulfillments.map((f) => ({
      externalId: f.id,
      status: f.status,
      createdAt: f.createdAt,
      trackingCompany: f.trackingCompany,
      trackingNumbers: f.trackingNumbers,
      trackingUrls: f.trackingUrls,
      lineItems: f.lines.map((line) => ({ lineItemExternalId: line.lineItemId, quantity: line.quantity })),
    })),
    paymentGateways: facts.paymentGateways,
    note: facts.note,
    tags: facts.tags,
    sourceName: facts.sourceName,
    createdAt: facts.createdAt,
    updatedAt: facts.updatedAt,
    cancelledAt: facts.cancelledAt,
    cancelReason: facts.cancelReason,
    deletedAt: null,
  };
}

/**
 * A registered customer with their own details, falling back to the order's; a guest (no customer)
 * with the order's contact e-mail and the billing name and phone; null when the order names nobody.
 */
function canonicalCustomer(facts: ShopifyOrderFacts): Customer | null {
  const customer = facts.customer;
  const billing = facts.billingAddress;
  const registered = (customer?.id ?? null) !== null;
  const result: Customer = {
    externalId: customer?.id ?? null,
    email: customer?.email ?? facts.email,
    phone: registered
      ? (customer?.phone ?? facts.phone ?? billing?.phone ?? null)
      : (customer?.phone ?? billing?.phone ?? facts.phone),
    firstName: customer?.firstName ?? billing?.firstName ?? null,
    lastName: customer?.lastName ?? billing?.lastName ?? null,
  };
  return Object.values(result).every((value) => value === null) ? null : result;
}

/**
 * One entry per title and rate, summing all tax at that rate. The order's own tax lines are used
 * when they add up to the order's tax; otherwise the lines' and shipping lines' taxes gathered.
 */
function taxLines(facts: ShopifyOrderFacts, totalTax: string): TaxLine[] {
  const currency = facts.shopCurrency;
  const gather = (taxes: TaxFact[]): TaxLine[] => {
    const byRate = new Map<string, { title: string; rate: string | null; amount: Money }>();
    for (const tax of taxes) {
      const key = `${tax.title}\u0000${tax.rate ?? ''}`;
      const amount = Money.of(tax.amount.shop, currency);
      const entry = byRate.get(key);
      if (entry) entry.amount = entry.amount.plus(amount);
      else byRate.set(key, { title: tax.title, rate: tax.rate, amount });
    }
    return [...byRate.values()].map((t) => ({ title: t.title, rate: t.rate, amount: t.amount.toString() }));
  };
  const addsUp = (lines: TaxLine[]) =>
    Money.sum(
      lines.map((l) => Money.of(l.amount, currency)),
      currency,
    ).toString() === totalTax;
  const ordered = gather(facts.orderTaxes);
  const fromLines = gather([...facts.lines, ...facts.shippingLines].flatMap((line) => line.taxes));
  if (ordered.length > 0 && addsUp(ordered)) return ordered;
  if (fromLines.length > 0 && addsUp(fromLines)) return fromLines;
  return ordered.length > 0 ? ordered : fromLines;
}

/**
 * One entry per discount application that was allocated to a line or a shipping line, in the
 * application's order, its amount being what it took off. Payloads from before discount
 * applications existed list `discount_codes` instead.
 */
function discounts(facts: ShopifyOrderFacts): Discount[] {
  const currency = facts.shopCurrency;
  const allocations = [...facts.lines, ...facts.shippingLines].flatMap((line) => line.allocations);
  if (allocations.length === 0) {
    return facts.legacyDiscountCodes.map((code) => ({
      code: code.code,
      type: code.type,
      amount: Money.of(code.amount, currency).toString(),
    }));
  }
  const byIndex = new Map<number, Money>();
  for (const allocation of allocations) {
    const index = allocation.applicationIndex ?? -1;
    byIndex.set(
      index,
      (byIndex.get(index) ?? Money.zero(currency)).plus(Money.of(allocation.amount.shop, currency)),
    );
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, amount]) => {
      const application = facts.discountApplications.find((a) => a.index === index);
      return {
        code: application?.code ?? null,
        type: application?.type ?? 'other',
        amount: amount.toString(),
      };
    });
}
