import { roundDiv } from '../../common/money';
import { formatUtcZ } from '../../common/time';
import { fulfillmentId, type Derived } from '../derive';
import { gid, IDS, PER_ORDER } from '../ids';
import { page, type Args } from './args';
import { listConnection } from './connection';
import type { GqlContext } from './context';
import { bag } from './money';
import { LocationView, VariantView } from './views-catalog';
import { LineItemView } from './views-lines';
import { OrderView } from './views-order';

export class FulfillmentView {
  readonly __typename = 'Fulfillment';
  constructor(
    readonly ctx: GqlContext,
    readonly d: Derived,
    readonly seq: number,
  ) {}
  private get f() {
    const f = this.d.plan.fulfillments.find((x) => x.seq === this.seq);
    if (!f) throw new RangeError('fulfillment');
    return f;
  }
  id() {
    return gid('Fulfillment', fulfillmentId(this.d.slot, this.seq));
  }
  legacyResourceId() {
    return String(fulfillmentId(this.d.slot, this.seq));
  }
  name() {
    return `#${1001 + this.d.slot.index}.${this.seq + 1}`;
  }
  status() {
    return 'SUCCESS';
  }
  displayStatus() {
    return 'FULFILLED';
  }
  createdAt() {
    return formatUtcZ(this.f.at);
  }
  updatedAt() {
    return formatUtcZ(this.f.updatedAt);
  }
  requiresShipping() {
    return true;
  }
  totalQuantity() {
    return this.f.lines.reduce((a, l) => a + l.quantity, 0);
  }
  trackingInfo(args: Args) {
    const list =
      this.f.number || this.f.company
        ? [{ company: this.f.company, number: this.f.number, url: this.f.url }]
        : [];
    return typeof args.first === 'number' ? list.slice(0, args.first) : list;
  }
  location() {
    return new LocationView(this.ctx, this.f.location);
  }
  fulfillmentLineItems(args: Args) {
    const base = IDS.fulfillmentLineItem + (this.d.slot.index * PER_ORDER + this.seq) * 1024;
    return listConnection(
      this.f.lines.map((l, k) => ({ l, k })),
      page(args),
      this.ctx,
      ({ k }) => base + k,
      ({ l, k }) => {
        const s = this.d.shop.lines[l.lineIndex];
        const p = this.d.pres.lines[l.lineIndex];
        return {
          id: gid('FulfillmentLineItem', base + k),
          quantity: l.quantity,
          lineItem: new LineItemView(this.ctx, this.d, l.lineIndex),
          originalTotalSet: bag(this.d, {
            shop: (s?.unitPrice ?? 0) * l.quantity,
            pres: (p?.unitPrice ?? 0) * l.quantity,
          }),
          discountedTotalSet: bag(this.d, {
            shop: s ? roundDiv(s.total * l.quantity, s.quantity) : 0,
            pres: p ? roundDiv(p.total * l.quantity, p.quantity) : 0,
          }),
        };
      },
    );
  }
  fulfillmentOrders(args: Args) {
    const fos = this.d.fulfillmentOrders.filter((fo) =>
      fo.lines.some((l) => this.f.lines.some((x) => x.lineIndex === l.lineIndex)),
    );
    return listConnection(
      fos,
      page(args),
      this.ctx,
      (fo) => fo.id,
      (fo) => new FulfillmentOrderView(this.ctx, this.d, fo.seq),
    );
  }
  estimatedDeliveryAt() {
    return null;
  }
  order() {
    return new OrderView(this.ctx, this.d.slot);
  }
}

export class FulfillmentOrderView {
  readonly __typename = 'FulfillmentOrder';
  constructor(
    readonly ctx: GqlContext,
    readonly d: Derived,
    readonly seq: number,
  ) {}
  private get fo() {
    const fo = this.d.fulfillmentOrders[this.seq];
    if (!fo) throw new RangeError('fulfillment order');
    return fo;
  }
  id() {
    return gid('FulfillmentOrder', this.fo.id);
  }
  orderId() {
    return gid('Order', this.d.slot.id);
  }
  order() {
    return new OrderView(this.ctx, this.d.slot);
  }
  orderName() {
    return `#${1001 + this.d.slot.index}`;
  }
  orderProcessedAt() {
    return formatUtcZ(this.d.slot.createdAt);
  }
  status() {
    return this.fo.status;
  }
  requestStatus() {
    return 'UNSUBMITTED';
  }
  createdAt() {
    return formatUtcZ(this.d.slot.createdAt);
  }
  updatedAt() {
    return formatUtcZ(this.d.slot.modifiedAt);
  }
  fulfillAt() {
    return formatUtcZ(this.d.slot.createdAt);
  }
  fulfillBy() {
    return null;
  }
  fulfillmentHolds() {
    return this.fo.status === 'ON_HOLD'
      ? [
          {
            reason: 'OTHER',
            reasonNotes: 'Held by merchant',
            heldByRequestingApp: false,
            id: gid('FulfillmentHold', this.fo.id),
          },
        ]
      : [];
  }
  supportedActions() {
    const open = this.fo.status === 'OPEN' || this.fo.status === 'IN_PROGRESS';
    return open
      ? [{ action: 'CREATE_FULFILLMENT' }, { action: 'MOVE' }, { action: 'HOLD' }]
      : this.fo.status === 'ON_HOLD'
        ? [{ action: 'RELEASE_HOLD' }]
        : [];
  }
  assignedLocation() {
    const loc = this.ctx.store.catalog.locations[this.fo.location];
    return {
      name: loc?.name ?? '',
      address1: loc?.address1 ?? null,
      address2: null,
      city: loc?.city ?? null,
      zip: loc?.zip ?? null,
      province: loc?.provinceCode ?? null,
      countryCode: loc?.countryCode ?? 'US',
      phone: null,
      location: new LocationView(this.ctx, this.fo.location),
    };
  }
  destination() {
    const a = this.d.plan.shipping;
    if (!a) return null;
    return {
      id: gid('FulfillmentOrderDestination', this.fo.id),
      firstName: a.firstName,
      lastName: a.lastName,
      company: a.company,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      province: a.regionName,
      zip: a.postcode,
      countryCode: a.country.code,
      phone: a.phone,
      email: this.d.plan.customer?.email ?? null,
    };
  }
  deliveryMethod() {
    const m = this.d.plan.shippingMethod;
    return {
      id: gid('DeliveryMethod', this.fo.id),
      methodType: m ? (m.methodId === 'local_pickup' ? 'PICK_UP' : 'SHIPPING') : 'NONE',
      presentedName: m?.title ?? null,
      serviceCode: m?.code ?? null,
    };
  }
  lineItems(args: Args) {
    return listConnection(
      this.fo.lines,
      page(args),
      this.ctx,
      (l) => l.id,
      (l) => {
        const line = this.d.plan.lines[l.lineIndex];
        return {
          id: gid('FulfillmentOrderLineItem', l.id),
          totalQuantity: l.total,
          remainingQuantity: l.remaining,
          sku: line?.sku ?? null,
          productTitle: line?.title ?? '',
          variantTitle: line?.variantTitle ?? null,
          vendor: null,
          requiresShipping: line?.requiresShipping ?? true,
          inventoryItemId:
            line?.variantIndex === null || line?.variantIndex === undefined
              ? null
              : gid('InventoryItem', this.ctx.store.catalog.inventoryItemId(line.variantIndex)),
          lineItem: new LineItemView(this.ctx, this.d, l.lineIndex),
          variant:
            line?.variantIndex === null || line?.variantIndex === undefined
              ? null
              : new VariantView(this.ctx, line.variantIndex),
          warnings: [],
          financialSummaries: [],
        };
      },
    );
  }
  fulfillments(args: Args) {
    const mine = this.d.plan.fulfillments.filter((f) =>
      f.lines.some((l) => this.fo.lines.some((x) => x.lineIndex === l.lineIndex)),
    );
    return listConnection(
      mine,
      page(args),
      this.ctx,
      (f) => fulfillmentId(this.d.slot, f.seq),
      (f) => new FulfillmentView(this.ctx, this.d, f.seq),
    );
  }
}
