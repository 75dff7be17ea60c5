import { formatUtcZ } from '../../common/time';
import { refundId, type Derived } from '../derive';
import { gid, IDS, PER_ORDER } from '../ids';
import { page, type Args } from './args';
import { listConnection } from './connection';
import type { GqlContext } from './context';
import { bag } from './money';
import { LocationView } from './views-catalog';
import { LineItemView, ShippingLineView } from './views-lines';
import { OrderView } from './views-order';
import { transactions } from './views-people';

export class RefundView {
  readonly __typename = 'Refund';
  constructor(
    readonly ctx: GqlContext,
    readonly d: Derived,
    readonly i: number,
  ) {}
  private get r() {
    const r = this.d.plan.refunds[this.i];
    if (!r) throw new RangeError('refund');
    return r;
  }
  id() {
    return gid('Refund', refundId(this.d.slot, this.r.seq));
  }
  legacyResourceId() {
    return String(refundId(this.d.slot, this.r.seq));
  }
  createdAt() {
    return formatUtcZ(this.r.at);
  }
  updatedAt() {
    return formatUtcZ(this.r.at);
  }
  note() {
    return this.r.reason || null;
  }
  totalRefundedSet() {
    return bag(this.d, {
      shop: this.d.shop.refunds[this.i]?.amount ?? 0,
      pres: this.d.pres.refunds[this.i]?.amount ?? 0,
    });
  }
  refundLineItems(args: Args) {
    const s = this.d.shop.refunds[this.i];
    const p = this.d.pres.refunds[this.i];
    const base = IDS.refundLineItem + (this.d.slot.index * PER_ORDER + this.r.seq) * 1024;
    return listConnection(
      (s?.lines ?? []).map((l, k) => ({ l, k })),
      page(args),
      this.ctx,
      ({ k }) => base + k,
      ({ l, k }) => ({
        id: gid('RefundLineItem', base + k),
        quantity: l.quantity,
        restockType: this.r.restock
          ? (this.d.fulfilled[l.lineIndex] ?? 0) > 0
            ? 'RETURN'
            : 'CANCEL'
          : 'NO_RESTOCK',
        restocked: this.r.restock,
        lineItem: new LineItemView(this.ctx, this.d, l.lineIndex),
        priceSet: bag(this.d, {
          shop: this.d.shop.lines[l.lineIndex]?.unitPrice ?? 0,
          pres: this.d.pres.lines[l.lineIndex]?.unitPrice ?? 0,
        }),
        subtotalSet: bag(this.d, { shop: l.subtotal, pres: p?.lines[k]?.subtotal ?? 0 }),
        totalTaxSet: bag(this.d, { shop: l.tax, pres: p?.lines[k]?.tax ?? 0 }),
        location: this.r.restock ? new LocationView(this.ctx, 0) : null,
      }),
    );
  }
  refundShippingLines(args: Args) {
    const s = this.d.shop.refunds[this.i];
    const p = this.d.pres.refunds[this.i];
    const list =
      s && s.shipping > 0
        ? [
            {
              id: gid('RefundShippingLine', refundId(this.d.slot, this.r.seq) * 10),
              shippingLine: new ShippingLineView(this.d),
              subtotalAmountSet: bag(this.d, { shop: s.shipping, pres: p?.shipping ?? 0 }),
              taxAmountSet: bag(this.d, { shop: s.shippingTax, pres: p?.shippingTax ?? 0 }),
            },
          ]
        : [];
    return listConnection(
      list,
      page(args),
      this.ctx,
      () => refundId(this.d.slot, this.r.seq) * 10,
      (x) => x,
    );
  }
  transactions(args: Args) {
    const list = transactions(this.d).filter(
      (t) =>
        t.kind === 'REFUND' &&
        t.id === gid('OrderTransaction', IDS.transaction + this.d.slot.index * 32 + 1 + this.r.seq),
    );
    return listConnection(
      list,
      page(args),
      this.ctx,
      () => IDS.transaction + this.d.slot.index * 32 + 1 + this.r.seq,
      (x) => x,
    );
  }
  duties() {
    return [];
  }
  order() {
    return new OrderView(this.ctx, this.d.slot);
  }
}
