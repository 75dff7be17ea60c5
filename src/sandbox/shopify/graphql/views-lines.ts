import { roundDiv } from '../../common/money';
import { lineItemId, type Derived } from '../derive';
import { gid, IDS } from '../ids';
import type { Args } from './args';
import type { GqlContext } from './context';
import { bag, taxLine } from './money';
import { ProductView, VariantView } from './views-catalog';

export class LineItemView {
  readonly __typename = 'LineItem';
  constructor(
    readonly ctx: GqlContext,
    readonly d: Derived,
    readonly k: number,
  ) {}

  private get line() {
    const l = this.d.plan.lines[this.k];
    if (!l) throw new RangeError('line');
    return l;
  }
  private m(
    pick: (l: {
      unitPrice: number;
      subtotal: number;
      total: number;
      discount: number;
      tax: number;
      quantity: number;
    }) => number,
  ) {
    const s = this.d.shop.lines[this.k];
    const p = this.d.pres.lines[this.k];
    return bag(this.d, { shop: s ? pick(s) : 0, pres: p ? pick(p) : 0 });
  }
  private get current() {
    return this.line.quantity - (this.d.refundedQty[this.k] ?? 0);
  }
  private get unfulfilled() {
    return this.d.plan.cancelledAt === null ? Math.max(0, this.current - (this.d.fulfilled[this.k] ?? 0)) : 0;
  }

  id() {
    return gid('LineItem', lineItemId(this.d.slot, this.k));
  }
  name() {
    return this.line.variantTitle ? `${this.line.title} - ${this.line.variantTitle}` : this.line.title;
  }
  title() {
    return this.line.title;
  }
  variantTitle() {
    return this.line.variantTitle;
  }
  sku() {
    return this.line.sku;
  }
  vendor() {
    return this.line.productIndex === null
      ? null
      : (this.ctx.store.catalog.product(this.line.productIndex)?.vendor ?? null);
  }
  quantity() {
    return this.line.quantity;
  }
  currentQuantity() {
    return this.current;
  }
  refundableQuantity() {
    return this.current;
  }
  unfulfilledQuantity() {
    return this.unfulfilled;
  }
  nonFulfillableQuantity() {
    return this.line.quantity - this.current;
  }
  requiresShipping() {
    return this.line.requiresShipping;
  }
  taxable() {
    return (this.d.shop.lines[this.k]?.rateBp ?? 0) > 0;
  }
  isGiftCard() {
    return this.line.title === 'E-Gift Card';
  }
  restockable() {
    return this.current > 0;
  }
  merchantEditable() {
    return true;
  }
  customAttributes() {
    return this.line.properties.map((p) => ({ key: p.name, value: p.value }));
  }
  duties() {
    return [];
  }
  originalUnitPriceSet() {
    return this.m((l) => l.unitPrice);
  }
  discountedUnitPriceSet() {
    return this.m((l) => l.unitPrice - roundDiv(l.discount, l.quantity));
  }
  discountedUnitPriceAfterAllDiscountsSet() {
    return this.m((l) => l.unitPrice - roundDiv(l.discount, l.quantity));
  }
  originalTotalSet() {
    return this.m((l) => l.subtotal);
  }
  discountedTotalSet() {
    return this.m((l) => l.total);
  }
  totalDiscountSet() {
    return this.m((l) => l.discount);
  }
  unfulfilledOriginalTotalSet() {
    return this.m((l) => l.unitPrice * this.unfulfilled);
  }
  unfulfilledDiscountedTotalSet() {
    return this.m((l) => roundDiv(l.total * this.unfulfilled, l.quantity));
  }
  taxLines(args: Args) {
    const s = this.d.shop.lines[this.k];
    const p = this.d.pres.lines[this.k];
    if (!s || !p || s.rateBp === 0) return [];
    const lines = [taxLine(this.d, s.rateBp, { shop: s.tax, pres: p.tax })];
    return typeof args.first === 'number' ? lines.slice(0, args.first) : lines;
  }
  discountAllocations() {
    const s = this.d.shop.lines[this.k];
    const c = this.d.plan.coupon;
    if (!s || !c || s.discount === 0) return [];
    return [
      {
        allocatedAmountSet: this.m((l) => l.discount),
        discountApplication: {
          __typename: 'DiscountCodeApplication',
          code: c.code,
          index: 0,
          allocationMethod: 'ACROSS',
          targetSelection: 'ALL',
          targetType: 'LINE_ITEM',
          value:
            c.kind === 'percent'
              ? { __typename: 'PricingPercentageValue', percentage: c.value }
              : this.m((l) => l.discount).presentmentMoney,
        },
      },
    ];
  }
  product() {
    return this.line.productIndex === null ? null : new ProductView(this.ctx, this.line.productIndex);
  }
  variant() {
    return this.line.variantIndex === null ? null : new VariantView(this.ctx, this.line.variantIndex);
  }
  image() {
    return null;
  }
}

export class ShippingLineView {
  readonly __typename = 'ShippingLine';
  constructor(readonly d: Derived) {}
  private price() {
    return bag(this.d, { shop: this.d.shop.shipping?.price ?? 0, pres: this.d.pres.shipping?.price ?? 0 });
  }
  id() {
    return gid('ShippingLine', IDS.shippingLine + this.d.slot.index * 4);
  }
  title() {
    return this.d.plan.shippingMethod?.title ?? '';
  }
  code() {
    return this.d.plan.shippingMethod?.code ?? null;
  }
  source() {
    return 'shopify';
  }
  custom() {
    return false;
  }
  isRemoved() {
    return false;
  }
  originalPriceSet() {
    return this.price();
  }
  discountedPriceSet() {
    return this.price();
  }
  currentDiscountedPriceSet() {
    return this.price();
  }
  taxLines() {
    const s = this.d.shop.shipping;
    const p = this.d.pres.shipping;
    return s && p && s.rateBp > 0 ? [taxLine(this.d, s.rateBp, { shop: s.tax, pres: p.tax })] : [];
  }
  discountAllocations() {
    return [];
  }
}
