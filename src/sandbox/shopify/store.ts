import { OrderTable } from '../common/order-table';
import { toSecond } from '../common/time';
import { buildCatalog } from '../seed/catalog';
import { currencyInfo, homeCountry, type CurrencyInfo } from '../seed/geo';
import { CustomerPool } from '../seed/people';
import { drawHeader, generatePlan, type SeedContext } from '../seed/plan';
import type { OrderPlan } from '../seed/plan-types';
import { BulkOperations } from './bulk';
import { ShopifyCatalog } from './catalog';
import { derive, type Derived } from './derive';
import { IDS, PER_ORDER, parseGid } from './ids';
import type { ShopifyOrderRecord, ShopifySlot } from './model';
import { RestRenderer, type RestOrder } from './rest-order';
import { cancel, fulfill, refund, type UserError } from './mutations';
import { ShopifyWebhooks, type ShopifyDelivery, type Subscription } from './webhooks';

export type ShopPlan = 'standard' | 'advanced' | 'plus';

export interface ShopifyStoreOptions {
  seed: number;
  orders: number;
  currency: string;
  presentmentCurrency: string | null;
  taxesIncluded: boolean;
  timeZone: string;
  seedUntil: number;
  shopDomain: string;
  plan: ShopPlan;
}

const DAY = 86_400_000;

/** The in-memory Shopify shop. Seeded orders are regenerated from the seed until something changes them. */
export class ShopifyStore {
  readonly currency: CurrencyInfo;
  readonly timeZone: string;
  readonly shopDomain: string;
  readonly ctx: SeedContext;
  readonly table = new OrderTable<ShopifySlot>();
  readonly catalog: ShopifyCatalog;
  readonly webhooks: ShopifyWebhooks;
  readonly bulk = new BulkOperations((id) => `${this.home}/bulk-operations/${id}.jsonl`);
  readonly seedMs: number;
  readonly counters = {
    ordersCreated: 0,
    ordersUpdated: 0,
    ordersCancelled: 0,
    ordersDeleted: 0,
    refundsCreated: 0,
    fulfillmentsCreated: 0,
    graphqlRequests: 0,
    throttled: 0,
  };
  apiSecretKey = '';
  /** Base URL (`http://127.0.0.1:PORT`), set when the server listens. */
  home = 'http://127.0.0.1';
  private readonly records = new Map<number, ShopifyOrderRecord>();
  private nextItemBase = 0;

  constructor(readonly options: ShopifyStoreOptions) {
    const started = performance.now();
    this.currency = currencyInfo(options.currency);
    this.timeZone = options.timeZone;
    this.shopDomain = options.shopDomain;
    const home = homeCountry(options.currency);
    const catalog = buildCatalog(options.seed);
    this.ctx = {
      seed: options.seed,
      count: options.orders,
      until: options.seedUntil,
      spanMs: 365 * DAY,
      storeCurrency: options.currency,
      home,
      taxesIncluded: options.taxesIncluded,
      platform: 'shopify',
      presentmentCurrency: options.presentmentCurrency,
      catalog,
      customers: new CustomerPool(options.seed, home, options.seedUntil - 365 * DAY),
    };
    this.catalog = new ShopifyCatalog(catalog, this.currency, home.code, options.seedUntil - 400 * DAY);
    this.webhooks = new ShopifyWebhooks(() => this.apiSecretKey, options.shopDomain);
    const slots: ShopifySlot[] = [];
    for (let i = 0; i < options.orders; i += 1) {
      const { header } = drawHeader(this.ctx, i);
      slots.push({
        id: IDS.order + i * PER_ORDER,
        index: i,
        createdAt: header.createdAt,
        modifiedAt: header.modifiedAt,
        removed: false,
        lineCount: header.lineCount,
        itemBase: this.nextItemBase,
      });
      this.nextItemBase += header.lineCount;
    }
    this.table.load(slots);
    this.seedMs = performance.now() - started;
  }

  get orderCount(): number {
    return this.table.size;
  }

  plan(slot: ShopifySlot): OrderPlan {
    return this.records.get(slot.index)?.plan ?? generatePlan(this.ctx, slot.index);
  }

  materialize(slot: ShopifySlot): ShopifyOrderRecord {
    let r = this.records.get(slot.index);
    if (!r) {
      r = { plan: generatePlan(this.ctx, slot.index), edited: false };
      this.records.set(slot.index, r);
    }
    return r;
  }

  derived(slot: ShopifySlot): Derived {
    return derive(slot, this.plan(slot), this.currency.code);
  }

  slotById(id: number): ShopifySlot | undefined {
    return this.table.findById(id);
  }

  /** The order owning a line item (or fulfillment-order line item) id offset; binary search over item bases. */
  slotByItemOffset(offset: number): { slot: ShopifySlot; k: number } | undefined {
    const all = this.table.all();
    let lo = 0;
    let hi = all.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = all[mid] as ShopifySlot;
      if (offset < s.itemBase) hi = mid - 1;
      else if (offset >= s.itemBase + s.lineCount) lo = mid + 1;
      else return s.removed ? undefined : { slot: s, k: offset - s.itemBase };
    }
    return undefined;
  }

  /** Order slot of an id that encodes the order index (`base + index × per + seq`). */
  slotByIndexedId(id: number, base: number, per: number): { slot: ShopifySlot; seq: number } | undefined {
    const index = Math.floor((id - base) / per);
    const slot = this.table.all()[index];
    return slot && !slot.removed ? { slot, seq: id - base - index * per } : undefined;
  }

  restOrder(slot: ShopifySlot): RestOrder {
    return new RestRenderer(this, this.derived(slot)).order();
  }

  /** The order in its REST/webhook representation (numeric id or gid). */
  getOrder(id: number | string): RestOrder | undefined {
    const n = typeof id === 'number' ? id : (parseGid(id)?.id ?? Number(id));
    const slot = this.slotById(n);
    return slot ? this.restOrder(slot) : undefined;
  }

  /** Creates an order (a fresh seeded one, paid and unfulfilled unless `lifecycle` says otherwise). */
  addOrder(
    mutate?: (plan: OrderPlan) => void,
    lifecycle: OrderPlan['lifecycle'] = 'processing',
  ): ShopifySlot {
    const now = toSecond(Date.now());
    const index = this.table.nextIndex;
    const plan = generatePlan(this.ctx, index, now, lifecycle);
    mutate?.(plan);
    const slot: ShopifySlot = {
      id: IDS.order + index * PER_ORDER,
      index,
      createdAt: now,
      modifiedAt: now,
      removed: false,
      lineCount: plan.lines.length,
      itemBase: this.nextItemBase,
    };
    this.nextItemBase += plan.lines.length;
    this.table.add(slot);
    this.records.set(index, { plan, edited: true });
    this.counters.ordersCreated += 1;
    return slot;
  }

  touch(slot: ShopifySlot): void {
    this.table.touch(slot, toSecond(Date.now()));
  }

  /** Queues order webhooks (`topics` are GraphQL enum names) with the REST body. */
  emitOrder(slot: ShopifySlot, topics: string[]): void {
    for (const topic of topics) this.webhooks.emit(topic, () => this.restOrder(slot));
  }

  /** Resolves when all queued webhook deliveries are done. */
  flushWebhooks(): Promise<void> {
    return this.webhooks.queue.flush();
  }

  /** Resolves when no bulk operation is running. */
  flushBulkOperations(): Promise<void> {
    return this.bulk.flush();
  }

  // ---- programmatic API (what tests, benchmarks and the demo call) ----

  private requireSlot(id: number | string): ShopifySlot {
    const n = typeof id === 'number' ? id : (parseGid(id)?.id ?? Number(id));
    const slot = this.slotById(n);
    if (!slot) throw new RangeError(`no order ${String(id)}`);
    return slot;
  }

  /** A new order (a fresh seeded one: paid, unfulfilled); `edit` may change its plan. Fires orders/create (+ orders/paid). */
  createOrder(
    opts: {
      lifecycle?: OrderPlan['lifecycle'];
      email?: string;
      note?: string;
      tags?: string[];
      presentmentCurrency?: string;
    } = {},
  ): RestOrder {
    const slot = this.addOrder((plan) => {
      if (opts.email && plan.customer) plan.customer.email = opts.email;
      if (opts.note !== undefined) plan.note = opts.note;
      if (opts.tags) plan.tags = opts.tags;
      if (opts.presentmentCurrency) plan.currency = opts.presentmentCurrency;
    }, opts.lifecycle);
    const plan = this.plan(slot);
    this.emitOrder(slot, plan.paidAt === null ? ['ORDERS_CREATE'] : ['ORDERS_CREATE', 'ORDERS_PAID']);
    return this.restOrder(slot);
  }

  /** Edits note, tags or e-mail; fires orders/updated. */
  updateOrder(
    id: number | string,
    change: { note?: string | null; tags?: string[]; email?: string },
  ): RestOrder {
    const slot = this.requireSlot(id);
    const plan = this.materialize(slot).plan;
    if (change.note !== undefined) plan.note = change.note;
    if (change.tags) plan.tags = change.tags;
    if (change.email && plan.customer) plan.customer.email = change.email;
    this.touch(slot);
    this.counters.ordersUpdated += 1;
    this.emitOrder(slot, ['ORDERS_UPDATED']);
    return this.restOrder(slot);
  }

  /** Cancels like orderCancel; returns user errors (empty on success). */
  cancelOrder(
    id: number | string,
    opts: { reason?: string; refund?: boolean; restock?: boolean } = {},
  ): UserError[] {
    return cancel(this, this.requireSlot(id), {
      reason: opts.reason ?? 'CUSTOMER',
      refund: opts.refund ?? true,
      restock: opts.restock ?? true,
    });
  }

  /** Refunds line items (by line item id, pro rata) or, without `lineItems`, everything left. Fires refunds/create + orders/updated. */
  refundOrder(
    id: number | string,
    opts: {
      lineItems?: { lineItemId: number; quantity: number }[];
      shipping?: boolean;
      note?: string;
      restock?: boolean;
    } = {},
  ): RestOrder {
    const slot = this.requireSlot(id);
    const lines = opts.lineItems?.map((l) => ({
      lineIndex: l.lineItemId - IDS.lineItem - slot.itemBase,
      quantity: l.quantity,
    }));
    refund(this, slot, {
      ...(lines ? { lines } : {}),
      ...(opts.shipping !== undefined ? { shipping: opts.shipping } : {}),
      ...(opts.note !== undefined ? { note: opts.note } : {}),
      ...(opts.restock !== undefined ? { restock: opts.restock } : {}),
    });
    return this.restOrder(slot);
  }

  /** Fulfils everything still open (all fulfillment orders) with optional tracking. */
  fulfillOrder(
    id: number | string,
    tracking: { company?: string; number?: string; url?: string } = {},
  ): UserError[] {
    const slot = this.requireSlot(id);
    const open = this.derived(slot).fulfillmentOrders.filter(
      (fo) => fo.status === 'OPEN' || fo.status === 'IN_PROGRESS',
    );
    const errors: UserError[] = [];
    for (const fo of open) {
      const r = fulfill(this, [{ fulfillmentOrderId: fo.id }], tracking);
      if ('errors' in r) errors.push(...r.errors);
    }
    return open.length ? errors : [{ field: ['fulfillment'], message: 'No fulfillment order is open.' }];
  }

  /** Deletes an order; fires orders/delete with `{"id":N}`. */
  deleteOrder(id: number | string): void {
    const slot = this.requireSlot(id);
    this.table.remove(slot);
    this.counters.ordersDeleted += 1;
    this.webhooks.emit('ORDERS_DELETE', () => ({ id: slot.id }));
  }

  listSubscriptions(): Subscription[] {
    return [...this.webhooks.subscriptions.values()];
  }

  /** Every webhook delivery sent so far. */
  get deliveries(): readonly ShopifyDelivery[] {
    return this.webhooks.deliveries;
  }
}
