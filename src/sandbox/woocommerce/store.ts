import { hashSeed } from '../common/rng';
import { OrderTable } from '../common/order-table';
import { formatGmtNoZone, formatLocalNoZone, toSecond } from '../common/time';
import { buildCatalog } from '../seed/catalog';
import { currencyInfo, homeCountry, type CurrencyInfo } from '../seed/geo';
import { CustomerPool } from '../seed/people';
import { drawHeader, generatePlan, type SeedContext } from '../seed/plan';
import type { OrderPlan } from '../seed/plan-types';
import { WooCatalog } from './catalog';
import {
  ITEM_SLOTS_EXTRA,
  lifecycleStatus,
  STATUS_LABELS,
  type WooNoteRecord,
  type WooOrderRecord,
  type WooSlot,
} from './model';
import { isPaidStatus, renderOrder, renderRefund, type RenderEnv } from './order-render';
import { phpJson } from './php-json';
import {
  WooError,
  type WebhookStatus,
  type WooNote,
  type WooOrder,
  type WooRefund,
  type WooWebhook,
} from './types';
import { WooWebhooks, type WooDelivery } from './webhooks';
import type { StockChange, WooProductJson } from './catalog';
import type { WooOrderInput, WooRefundInput } from './inputs';
import { createOrder, forceDeleteOrder, restoreOrder, trashOrder, updateOrder } from './mutations';
import { createRefund } from './refunds';
import { formatMinor, parseMinor } from '../common/money';

export interface WooStoreOptions {
  seed: number;
  orders: number;
  currency: string;
  pricesIncludeTax: boolean;
  timeZone: string;
  /** Seeded orders are created over the year before this instant. */
  seedUntil: number;
}

export const WOO_VERSION = '11.0.1';
const DAY = 86_400_000;

/** The in-memory WooCommerce store: seeded orders are regenerated from the seed until they change. */
export class WooStore {
  readonly currency: CurrencyInfo;
  pricesIncludeTax: boolean;
  readonly timeZone: string;
  readonly ctx: SeedContext;
  readonly table = new OrderTable<WooSlot>();
  readonly catalog: WooCatalog;
  readonly webhooks: WooWebhooks;
  readonly counters = {
    ordersCreated: 0,
    ordersUpdated: 0,
    ordersTrashed: 0,
    ordersDeleted: 0,
    refundsCreated: 0,
  };
  /** Base URL (`http://127.0.0.1:PORT`), set when the server listens. */
  home = 'http://127.0.0.1';
  /** How long seeding took, in milliseconds. */
  readonly seedMs: number;
  private readonly records = new Map<number, WooOrderRecord>();
  nextPostId: number;
  nextItemBase = 1;
  private nextNoteId = 60_000_000;

  constructor(readonly options: WooStoreOptions) {
    const started = performance.now();
    this.currency = currencyInfo(options.currency);
    this.pricesIncludeTax = options.pricesIncludeTax;
    this.timeZone = options.timeZone;
    const home = homeCountry(options.currency);
    const catalog = buildCatalog(options.seed);
    this.ctx = {
      seed: options.seed,
      count: options.orders,
      until: options.seedUntil,
      spanMs: 365 * DAY,
      storeCurrency: options.currency,
      home,
      taxesIncluded: options.pricesIncludeTax,
      platform: 'woocommerce',
      presentmentCurrency: null,
      catalog,
      customers: new CustomerPool(options.seed, home, options.seedUntil - 365 * DAY),
    };
    this.catalog = new WooCatalog(
      catalog,
      this.currency,
      this.timeZone,
      () => this.home,
      options.seedUntil - 400 * DAY,
    );
    this.webhooks = new WooWebhooks(() => this.home, this.timeZone, `sandbox-salt-${options.seed}`);
    this.nextPostId = Math.max(1000, this.catalog.nextId);
    const slots: WooSlot[] = [];
    for (let i = 0; i < options.orders; i += 1) {
      const { header } = drawHeader(this.ctx, i);
      const status = lifecycleStatus(header.lifecycle);
      const slot: WooSlot = {
        id: this.nextPostId++,
        index: i,
        createdAt: header.createdAt,
        modifiedAt: header.modifiedAt,
        removed: false,
        status: header.trashed ? 'trash' : status,
        lineCount: header.lineCount,
        itemBase: this.nextItemBase,
        refundIds: [],
        ...(header.trashed ? { trashedFrom: status } : {}),
      };
      for (let r = 0; r < header.refundCount; r += 1) slot.refundIds.push(this.nextPostId++);
      this.nextItemBase += header.lineCount + ITEM_SLOTS_EXTRA;
      slots.push(slot);
    }
    this.table.load(slots);
    this.seedMs = performance.now() - started;
  }

  env(): RenderEnv {
    return { home: this.home, timeZone: this.timeZone, catalog: this.catalog, version: WOO_VERSION };
  }

  /** Orders held, trashed ones included (force-deleted ones not). */
  get orderCount(): number {
    return this.table.size;
  }

  slot(id: number): WooSlot {
    const slot = this.table.findById(id);
    if (!slot) throw new WooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    return slot;
  }

  /** The order's state: materialized if it changed, else regenerated from the seed. */
  record(slot: WooSlot): WooOrderRecord {
    const kept = this.records.get(slot.index);
    if (kept) return kept;
    const plan = generatePlan(this.ctx, slot.index);
    const status = slot.trashedFrom ?? slot.status;
    return {
      plan,
      notes: this.seedNotes(slot, plan),
      meta: [{ id: slot.itemBase * 4, key: 'is_vat_exempt', value: 'no' }],
      createdVia: plan.source === 'web' ? 'checkout' : plan.source === 'pos' ? 'admin' : 'rest-api',
      customerNote: plan.note ?? '',
      stockReduced: isPaidStatus(status) || status === 'on-hold',
    };
  }

  /** Materializes an order so it can change; returns the kept record. */
  materialize(slot: WooSlot): WooOrderRecord {
    const record = this.record(slot);
    this.records.set(slot.index, record);
    return record;
  }

  keep(slot: WooSlot, record: WooOrderRecord): void {
    this.records.set(slot.index, record);
  }

  newNoteId(): number {
    return this.nextNoteId++;
  }

  private seedNotes(slot: WooSlot, plan: OrderPlan): WooNoteRecord[] {
    const notes: WooNoteRecord[] = [];
    const base = 40_000_000 + slot.index * 4;
    const status = slot.trashedFrom ?? slot.status;
    const add = (at: number, note: string) =>
      notes.push({ id: base + notes.length, at, note, customerNote: false, author: 'WooCommerce' });
    if (status !== 'pending') {
      const first = status === 'completed' || status === 'refunded' ? 'processing' : status;
      add(
        plan.paidAt ?? plan.createdAt,
        `Order status changed from Pending payment to ${STATUS_LABELS[first] ?? first}.`,
      );
    }
    if (status === 'completed' || status === 'refunded')
      add(
        plan.completedAt ?? plan.modifiedAt,
        `Order status changed from Processing to ${STATUS_LABELS[status] ?? status}.`,
      );
    return notes.reverse();
  }

  orderJson(slot: WooSlot): WooOrder {
    return renderOrder(this.env(), slot, this.record(slot));
  }

  /** The order as the REST API shows it, or undefined when there is none. */
  getOrder(id: number): WooOrder | undefined {
    const slot = this.table.findById(id);
    return slot ? this.orderJson(slot) : undefined;
  }

  refundJson(slot: WooSlot, refundId: number): WooRefund {
    const record = this.record(slot);
    const index = record.plan.refunds.findIndex((r) => slot.refundIds[r.seq] === refundId);
    if (index < 0) throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid ID.');
    return renderRefund(this.env(), slot, record, index);
  }

  listRefunds(id: number): WooRefund[] {
    const slot = this.slot(id);
    const record = this.record(slot);
    return record.plan.refunds.map((_, i) => renderRefund(this.env(), slot, record, i)).reverse();
  }

  noteJson(slot: WooSlot, n: WooNoteRecord): WooNote {
    const base = `${this.home}/wp-json/wc/v3/orders/${slot.id}/notes`;
    return {
      id: n.id,
      author: n.author,
      date_created: formatLocalNoZone(n.at, this.timeZone),
      date_created_gmt: formatGmtNoZone(n.at),
      note: n.note,
      customer_note: n.customerNote,
      _links: {
        self: [{ href: `${base}/${n.id}`, targetHints: { allow: ['GET', 'DELETE'] } }],
        collection: [{ href: base }],
        up: [{ href: `${this.home}/wp-json/wc/v3/orders/${slot.id}` }],
      },
    };
  }

  listNotes(id: number): WooNote[] {
    const slot = this.slot(id);
    return this.record(slot).notes.map((n) => this.noteJson(slot, n));
  }

  /** Adds an order note (no webhook fires and the order's modification date stays, as in WooCommerce). */
  addNote(id: number, note: string, customerNote = false, byUser = true): WooNote {
    const slot = this.slot(id);
    const record = this.materialize(slot);
    const n: WooNoteRecord = {
      id: this.newNoteId(),
      at: toSecond(Date.now()),
      note,
      customerNote,
      author: byUser && !customerNote ? 'admin' : 'WooCommerce',
    };
    record.notes.unshift(n);
    return this.noteJson(slot, n);
  }

  /** Queues order webhooks for `topic` with the order's current REST body. */
  emitOrder(topic: 'order.created' | 'order.updated' | 'order.restored', slot: WooSlot): void {
    this.webhooks.emit(topic, () => phpJson(this.orderJson(slot)));
  }

  emitProduct(ids: number[]): void {
    for (const id of ids) {
      const item = this.catalog.find(id);
      if (!item) continue;
      this.webhooks.emit('product.updated', () =>
        phpJson('variant' in item ? this.catalog.variationJson(item) : this.catalog.productJson(item)),
      );
    }
  }

  /** Resolves when all queued webhook deliveries are done. */
  flushWebhooks(): Promise<void> {
    return this.webhooks.queue.flush();
  }

  // ---- programmatic API (what tests, benchmarks and the demo call) ----

  /** Creates an order: a fresh random one from the seed, with `input` (wc/v3 body fields) laid over it; with `line_items` it is built from the input only. Fires order.created + order.updated. */
  createOrder(input: WooOrderInput = {}): WooOrder {
    return this.orderJson(createOrder(this, input, false));
  }

  /** Changes an order as PUT /orders/{id} does (status, addresses, payment, meta, set_paid). Fires order.updated. */
  updateOrder(id: number, change: WooOrderInput): WooOrder {
    return this.orderJson(updateOrder(this, id, change));
  }

  /** Trashes an order (order.deleted), or deletes it for good with `force` (no webhook). Returns the order as it was. */
  deleteOrder(id: number, opts: { force?: boolean } = {}): WooOrder {
    return opts.force ? forceDeleteOrder(this, id) : trashOrder(this, id);
  }

  /** Takes an order out of the trash (order.restored). */
  restoreOrder(id: number): WooOrder {
    return this.orderJson(restoreOrder(this, id));
  }

  /** Refunds an order: `lineItems` pro rata, an `amount`, or (neither) everything left. Fires order.updated. */
  refundOrder(
    id: number,
    opts: {
      amount?: string;
      reason?: string;
      lineItems?: { id: number; quantity: number }[];
      restock?: boolean;
    } = {},
  ): WooRefund {
    const input: WooRefundInput = {
      api_refund: false,
      api_restock: opts.restock ?? true,
      reason: opts.reason ?? 'Refund',
    };
    if (opts.lineItems) input.line_items = opts.lineItems.map((l) => ({ id: l.id, quantity: l.quantity }));
    if (opts.amount !== undefined) input.amount = opts.amount;
    if (!opts.lineItems && opts.amount === undefined) {
      const order = this.orderJson(this.slot(id));
      const left =
        (parseMinor(order.total, this.digitsOf(order.currency)) ?? 0) -
        order.refunds.reduce((a, r) => a - (parseMinor(r.total, this.digitsOf(order.currency)) ?? 0), 0);
      input.amount = formatMinor(left, this.digitsOf(order.currency));
    }
    return createRefund(this, id, input, false);
  }

  private digitsOf(currency: string): number {
    return currencyInfo(currency).digits;
  }

  listProducts(): WooProductJson[] {
    return this.catalog.products.map((p) => this.catalog.productJson(p));
  }

  getProduct(id: number): WooProductJson | undefined {
    const p = this.catalog.product(id);
    return p ? this.catalog.productJson(p) : undefined;
  }

  listVariations(productId: number): WooProductJson[] {
    return (this.catalog.product(productId)?.variations ?? []).map((v) => this.catalog.variationJson(v));
  }

  /** Changes a product or variation (stock_quantity, manage_stock, prices…) and fires product.updated. */
  updateProduct(id: number, change: StockChange): WooProductJson {
    const item = this.catalog.find(id);
    if (!item) throw new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    this.catalog.applyChange(item, change, toSecond(Date.now()));
    this.emitProduct([id]);
    return 'variant' in item ? this.catalog.variationJson(item) : this.catalog.productJson(item);
  }

  listWebhooks(): WooWebhook[] {
    return this.webhooks.list().map((w) => this.webhooks.json(w));
  }

  /** Creates a webhook (pings it first, like WooCommerce). */
  async createWebhook(input: {
    topic: string;
    delivery_url: string;
    secret?: string;
    name?: string;
    status?: WebhookStatus;
  }): Promise<WooWebhook> {
    return this.webhooks.json(await this.webhooks.create(input));
  }

  /** Every delivery and ping sent so far. */
  get deliveries(): readonly WooDelivery[] {
    return this.webhooks.deliveries;
  }

  seedKey(index: number, salt: number): number {
    return hashSeed(this.options.seed, index, salt);
  }
}
