import { formatUtcZ } from '../../common/time';
import { orderAmounts, type Pair } from '../amounts';
import { fulfillmentId, refundId, type Derived } from '../derive';
import { gid, IDS } from '../ids';
import type { ShopifySlot } from '../model';
import { page, type Args } from './args';
import { listConnection } from './connection';
import type { GqlContext } from './context';
import { bag, taxLine } from './money';
import { FulfillmentOrderView, FulfillmentView } from './views-fulfillment';
import { LineItemView, ShippingLineView } from './views-lines';
import { addressView, customerView, transactions } from './views-people';
import { RefundView } from './views-refund';

const CANCEL_REASONS: Record<string, string> = {
  customer: 'CUSTOMER',
  fraud: 'FRAUD',
  inventory: 'INVENTORY',
  declined: 'DECLINED',
  staff: 'STAFF',
  other: 'OTHER',
};

/** `Order` for the default field resolver: fields are properties or methods named like the schema's. */
export class OrderView {
  readonly __typename = 'Order';
  private cache: Derived | null = null;

  constructor(
    readonly ctx: GqlContext,
    readonly slot: ShopifySlot,
  ) {}

  get d(): Derived {
    this.cache ??= this.ctx.store.derived(this.slot);
    return this.cache;
  }

  private get amounts() {
    return orderAmounts(this.d);
  }

  private bag(p: Pair) {
    return bag(this.d, p);
  }

  id() {
    return gid('Order', this.slot.id);
  }
  legacyResourceId() {
    return String(this.slot.id);
  }
  name() {
    return `#${1001 + this.slot.index}`;
  }
  email() {
    return this.d.plan.customer?.email ?? null;
  }
  phone() {
    return this.d.plan.customer?.phone ?? null;
  }
  createdAt() {
    return formatUtcZ(this.slot.createdAt);
  }
  processedAt() {
    return formatUtcZ(this.slot.createdAt);
  }
  updatedAt() {
    return formatUtcZ(this.slot.modifiedAt);
  }
  closedAt() {
    return this.d.closedAt === null ? null : formatUtcZ(this.d.closedAt);
  }
  closed() {
    return this.d.closedAt !== null;
  }
  cancelledAt() {
    return this.d.plan.cancelledAt === null ? null : formatUtcZ(this.d.plan.cancelledAt);
  }
  cancelReason() {
    return this.d.plan.cancelReason ? (CANCEL_REASONS[this.d.plan.cancelReason] ?? 'OTHER') : null;
  }
  confirmed() {
    return true;
  }
  confirmationNumber() {
    return this.d.plan.token.slice(0, 9).toUpperCase();
  }
  test() {
    return this.d.plan.test;
  }
  note() {
    return this.d.plan.note;
  }
  tags() {
    return this.d.plan.tags;
  }
  sourceName() {
    return this.d.plan.source === 'api' ? '1354745' : this.d.plan.source;
  }
  customerLocale() {
    return 'en';
  }
  currencyCode() {
    return this.d.shop.currency;
  }
  presentmentCurrencyCode() {
    return this.d.pres.currency;
  }
  taxesIncluded() {
    return this.d.plan.taxesIncluded;
  }
  displayFinancialStatus() {
    return this.d.financial;
  }
  displayFulfillmentStatus() {
    return this.d.fulfillment;
  }
  fullyPaid() {
    return this.d.plan.paidAt !== null;
  }
  unpaid() {
    return this.d.plan.paidAt === null;
  }
  capturable() {
    return false;
  }
  refundable() {
    return this.d.plan.paidAt !== null && this.d.shop.refunded < this.d.shop.total;
  }
  requiresShipping() {
    return this.d.plan.lines.some((l) => l.requiresShipping);
  }
  fulfillable() {
    return this.d.fulfillmentOrders.some((fo) => fo.status === 'OPEN' || fo.status === 'IN_PROGRESS');
  }
  paymentGatewayNames() {
    return this.d.plan.payment.method ? [this.d.plan.payment.method] : [];
  }
  discountCode() {
    return this.d.plan.coupon?.code ?? null;
  }
  discountCodes() {
    return this.d.plan.coupon ? [this.d.plan.coupon.code] : [];
  }
  subtotalLineItemsQuantity() {
    return this.d.plan.lines.reduce((a, l) => a + l.quantity, 0);
  }
  currentSubtotalLineItemsQuantity() {
    return this.d.plan.lines.reduce((a, l, i) => a + l.quantity - (this.d.refundedQty[i] ?? 0), 0);
  }
  subtotalPriceSet() {
    return this.bag(this.amounts.subtotal);
  }
  currentSubtotalPriceSet() {
    return this.bag(this.amounts.currentSubtotal);
  }
  totalPriceSet() {
    return this.bag(this.amounts.total);
  }
  originalTotalPriceSet() {
    return this.bag(this.amounts.total);
  }
  currentTotalPriceSet() {
    return this.bag(this.amounts.currentTotal);
  }
  totalDiscountsSet() {
    return this.bag(this.amounts.discounts);
  }
  currentTotalDiscountsSet() {
    return this.bag(this.amounts.currentDiscounts);
  }
  cartDiscountAmountSet() {
    return this.d.plan.coupon?.kind === 'fixed' ? this.bag(this.amounts.discounts) : null;
  }
  currentCartDiscountAmountSet() {
    return this.bag(this.d.plan.coupon?.kind === 'fixed' ? this.amounts.currentDiscounts : this.amounts.zero);
  }
  totalShippingPriceSet() {
    return this.bag(this.amounts.shipping);
  }
  currentShippingPriceSet() {
    return this.bag(this.amounts.currentShipping);
  }
  totalTaxSet() {
    return this.bag(this.amounts.tax);
  }
  currentTotalTaxSet() {
    return this.bag(this.amounts.currentTax);
  }
  totalRefundedSet() {
    return this.bag(this.amounts.refunded);
  }
  totalRefundedShippingSet() {
    return this.bag(this.amounts.refundedShipping);
  }
  totalReceivedSet() {
    return this.bag(this.amounts.received);
  }
  netPaymentSet() {
    return this.bag(this.amounts.net);
  }
  totalOutstandingSet() {
    return this.bag(this.amounts.outstanding);
  }
  totalCapturableSet() {
    return this.bag(this.amounts.zero);
  }
  totalTipReceivedSet() {
    return this.bag(this.amounts.zero);
  }
  refundDiscrepancySet() {
    return this.bag(this.amounts.zero);
  }
  originalTotalDutiesSet() {
    return null;
  }
  currentTotalDutiesSet() {
    return null;
  }
  originalTotalAdditionalFeesSet() {
    return null;
  }
  currentTotalAdditionalFeesSet() {
    return null;
  }
  taxLines() {
    const d = this.d;
    return d.shop.taxRates.map((r, i) =>
      taxLine(d, r.rateBp, {
        shop: r.items + r.shipping,
        pres: (d.pres.taxRates[i]?.items ?? 0) + (d.pres.taxRates[i]?.shipping ?? 0),
      }),
    );
  }
  currentTaxLines() {
    return this.taxLines();
  }
  totalWeight() {
    return String(
      this.d.plan.lines.reduce(
        (w, l) =>
          w +
          (l.variantIndex === null ? 0 : (this.ctx.store.catalog.variant(l.variantIndex)?.grams ?? 0)) *
            l.quantity,
        0,
      ),
    );
  }
  currentTotalWeight() {
    return this.totalWeight();
  }
  customAttributes() {
    return [];
  }
  statusPageUrl() {
    return `https://${this.ctx.store.shopDomain}/${IDS.order}/orders/${this.d.plan.token}/authenticate?key=${this.d.plan.token.slice(0, 16)}`;
  }
  customer() {
    return customerView(this.ctx, this.d);
  }
  billingAddress() {
    return addressView(this.d.plan.billing, this.slot.id * 2);
  }
  shippingAddress() {
    return addressView(this.d.plan.shipping, this.slot.id * 2 + 1);
  }
  displayAddress() {
    return this.shippingAddress() ?? this.billingAddress();
  }
  billingAddressMatchesShippingAddress() {
    return this.d.plan.billing === this.d.plan.shipping;
  }
  lineItems(args: Args) {
    const d = this.d;
    return listConnection(
      d.plan.lines.map((_, k) => k),
      page(args),
      this.ctx,
      (k) => IDS.lineItem + this.slot.itemBase + k,
      (k) => new LineItemView(this.ctx, d, k),
    );
  }
  shippingLine() {
    return this.d.plan.shippingMethod ? new ShippingLineView(this.d) : null;
  }
  shippingLines(args: Args) {
    const list = this.d.plan.shippingMethod ? [new ShippingLineView(this.d)] : [];
    return listConnection(
      list,
      page(args),
      this.ctx,
      () => IDS.shippingLine + this.slot.index * 4,
      (x) => x,
    );
  }
  discountApplications(args: Args) {
    const d = this.d;
    const c = d.plan.coupon;
    const apps = c
      ? [
          {
            __typename: 'DiscountCodeApplication',
            code: c.code,
            index: 0,
            allocationMethod: 'ACROSS',
            targetSelection: 'ALL',
            targetType: 'LINE_ITEM',
            value:
              c.kind === 'percent'
                ? { __typename: 'PricingPercentageValue', percentage: c.value }
                : bag(d, { shop: d.shop.discount, pres: d.pres.discount }).presentmentMoney,
          },
        ]
      : [];
    return listConnection(
      apps,
      page(args),
      this.ctx,
      () => 1,
      (x) => x,
    );
  }
  refunds(args: Args) {
    const list = this.d.plan.refunds.map((_, i) => new RefundView(this.ctx, this.d, i));
    return typeof args.first === 'number' ? list.slice(0, args.first) : list;
  }
  fulfillments(args: Args) {
    const list = this.d.plan.fulfillments.map((f) => new FulfillmentView(this.ctx, this.d, f.seq));
    return typeof args.first === 'number' ? list.slice(0, args.first) : list;
  }
  fulfillmentsCount() {
    return { count: this.d.plan.fulfillments.length, precision: 'EXACT' };
  }
  fulfillmentOrders(args: Args) {
    const d = this.d;
    return listConnection(
      d.fulfillmentOrders,
      page(args),
      this.ctx,
      (fo) => fo.id,
      (fo) => new FulfillmentOrderView(this.ctx, d, fo.seq),
    );
  }
  transactions(args: Args) {
    const list = transactions(this.d);
    return typeof args.first === 'number' ? list.slice(0, args.first) : list;
  }
  refundIds() {
    return this.d.plan.refunds.map((r) => refundId(this.slot, r.seq));
  }
  fulfillmentIds() {
    return this.d.plan.fulfillments.map((f) => fulfillmentId(this.slot, f.seq));
  }
}
