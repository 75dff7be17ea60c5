import { toSecond } from '../common/time';
import { generatePlan } from '../seed/plan';
import { priceOrder } from '../seed/pricing';
import type { WooOrderInput } from './inputs';
import {
  ITEM_SLOTS_EXTRA,
  lifecycleStatus,
  STATUS_LABELS,
  statusLifecycle,
  type WooOrderRecord,
  type WooSlot,
} from './model';
import { isPaidStatus } from './order-render';
import { mergeAddress, planFromInput } from './plan-input';
import type { WooStore } from './store';
import { ORDER_STATUSES, invalidParam, WooError, type WooOrder, type WooStatus } from './types';

function statusOf(value: string | undefined): WooStatus | undefined {
  if (value === undefined) return undefined;
  if (!(ORDER_STATUSES as readonly string[]).includes(value)) {
    const msg = `status is not one of ${ORDER_STATUSES.slice(0, -1).join(', ')}, and ${ORDER_STATUSES[ORDER_STATUSES.length - 1]}.`;
    throw invalidParam('status', 'rest_not_in_enum', msg);
  }
  return value as WooStatus;
}

export function applyStatus(
  store: WooStore,
  slot: WooSlot,
  record: WooOrderRecord,
  status: WooStatus,
  now: number,
): number[] {
  const before = slot.status;
  const plan = record.plan;
  const touched: number[] = [];
  slot.status = status;
  plan.lifecycle = statusLifecycle(status);
  if (isPaidStatus(status) && plan.paidAt === null) plan.paidAt = now;
  if (status === 'completed') plan.completedAt = now;
  if (status === 'cancelled') plan.cancelledAt = now;
  const sold = plan.lines
    .map((l) => ({ ...store.catalog.idsOf(l.variantIndex), quantity: l.quantity }))
    .filter((s) => s.productId);
  if ((isPaidStatus(status) || status === 'on-hold') && !record.stockReduced && status !== 'refunded') {
    record.stockReduced = true;
    touched.push(...store.catalog.reduceStock(sold, now));
  }
  if ((status === 'cancelled' || status === 'failed') && record.stockReduced) {
    record.stockReduced = false;
    touched.push(
      ...store.catalog.reduceStock(
        sold.map((s) => ({ ...s, quantity: -s.quantity })),
        now,
      ),
    );
  }
  if (status === 'refunded') {
    const priced = priceOrder(plan, plan.currency);
    if (priced.total - priced.refunded > 0) {
      const done = plan.lines.map(() => 0);
      for (const r of plan.refunds)
        for (const l of r.lines) done[l.lineIndex] = (done[l.lineIndex] ?? 0) + l.quantity;
      const lines = plan.lines
        .map((l, i) => ({ lineIndex: i, quantity: l.quantity - (done[i] ?? 0) }))
        .filter((l) => l.quantity > 0);
      const seq = plan.refunds.length;
      slot.refundIds[seq] = store.nextPostId++;
      plan.refunds.push({
        at: now,
        lines,
        shipping: !plan.refunds.some((r) => r.shipping),
        fees: !plan.refunds.some((r) => r.fees),
        reason: 'Order status set to refunded',
        restock: false,
        seq,
        refundedPayment: false,
        amount: priced.total - priced.refunded,
      });
    }
  }
  if (before !== status)
    record.notes.unshift({
      id: store.newNoteId(),
      at: now,
      note: `Order status changed from ${STATUS_LABELS[before] ?? before} to ${STATUS_LABELS[status] ?? status}.`,
      customerNote: false,
      author: 'WooCommerce',
    });
  return touched;
}

/**
 * Creates an order. `bare` (REST POST) builds it only from the body; otherwise the order is a fresh
 * random one from the seed with the input's fields laid over it.
 */
export function createOrder(store: WooStore, input: WooOrderInput, bare: boolean): WooSlot {
  const status = statusOf(input.status);
  const now = toSecond(Date.now());
  const index = store.table.nextIndex;
  const plan =
    bare || input.line_items
      ? planFromInput(store, index, now, input)
      : generatePlan(
          store.ctx,
          index,
          now,
          status ? statusLifecycle(status) : input.set_paid === false ? 'pending' : 'processing',
        );
  if (!bare && !input.line_items) {
    if (input.billing) plan.billing = mergeAddress(plan.billing, input.billing, plan.country);
    if (input.shipping) plan.shipping = mergeAddress(plan.shipping, input.shipping, plan.country);
    if (input.billing?.email && plan.customer) plan.customer.email = input.billing.email;
    if (input.payment_method)
      plan.payment = {
        method: input.payment_method,
        title: input.payment_method_title ?? input.payment_method,
        transactionId: input.transaction_id ?? '',
      };
    if (input.customer_note !== undefined) plan.note = input.customer_note;
  }
  const target: WooStatus =
    status ??
    (input.set_paid ? 'processing' : bare || input.line_items ? 'pending' : lifecycleStatus(plan.lifecycle));
  const slot: WooSlot = {
    id: store.nextPostId++,
    index,
    createdAt: now,
    modifiedAt: now,
    removed: false,
    status: 'pending',
    lineCount: plan.lines.length,
    itemBase: store.nextItemBase,
    refundIds: [],
  };
  store.nextItemBase += plan.lines.length + ITEM_SLOTS_EXTRA;
  for (const r of plan.refunds) slot.refundIds[r.seq] = store.nextPostId++;
  const record: WooOrderRecord = {
    plan,
    notes: [],
    meta: (input.meta_data ?? []).map((m, i) => ({ id: slot.itemBase * 4 + i, key: m.key, value: m.value })),
    createdVia: input.created_via ?? (bare || input.line_items ? 'rest-api' : 'checkout'),
    customerNote: input.customer_note ?? plan.note ?? '',
    stockReduced: false,
  };
  if (input.set_paid) plan.paidAt = now;
  const touched = applyStatus(store, slot, record, target, now);
  store.table.add(slot);
  store.keep(slot, record);
  store.counters.ordersCreated += 1;
  store.emitOrder('order.created', slot);
  store.emitOrder('order.updated', slot);
  store.emitProduct(touched);
  return slot;
}

export function updateOrder(store: WooStore, id: number, change: WooOrderInput): WooSlot {
  const slot = store.slot(id);
  const status = statusOf(change.status);
  const record = store.materialize(slot);
  const plan = record.plan;
  const now = toSecond(Date.now());
  const wasTrashed = slot.status === 'trash';
  if (change.billing) {
    plan.billing = mergeAddress(plan.billing, change.billing, plan.country);
    if (change.billing.email !== undefined)
      plan.customer = {
        ...(plan.customer ?? { poolIndex: null, firstName: null, lastName: null, phone: null }),
        email: change.billing.email || null,
      };
  }
  if (change.shipping) plan.shipping = mergeAddress(plan.shipping, change.shipping, plan.country);
  if (change.customer_note !== undefined) record.customerNote = change.customer_note;
  if (change.payment_method !== undefined) plan.payment.method = change.payment_method;
  if (change.payment_method_title !== undefined) plan.payment.title = change.payment_method_title;
  if (change.transaction_id !== undefined) plan.payment.transactionId = change.transaction_id;
  if (change.customer_id !== undefined) {
    const c = change.customer_id >= 2 ? store.ctx.customers.get(change.customer_id - 2) : null;
    plan.customer = c
      ? { poolIndex: c.index, email: c.email, firstName: c.firstName, lastName: c.lastName, phone: c.phone }
      : plan.customer && { ...plan.customer, poolIndex: null };
  }
  for (const m of change.meta_data ?? []) {
    const existing = record.meta.find((x) => x.key === m.key);
    if (existing) existing.value = m.value;
    else record.meta.push({ id: slot.itemBase * 4 + record.meta.length, key: m.key, value: m.value });
  }
  if (change.set_paid && plan.paidAt === null) plan.paidAt = now;
  let touched: number[] = [];
  const target = status ?? (change.set_paid && slot.status === 'pending' ? 'processing' : undefined);
  if (wasTrashed) {
    slot.status = slot.trashedFrom ?? 'pending';
    delete slot.trashedFrom;
  }
  if (target) touched = applyStatus(store, slot, record, target, now);
  store.table.touch(slot, now);
  store.counters.ordersUpdated += 1;
  if (wasTrashed) store.emitOrder('order.restored', slot);
  store.emitOrder('order.updated', slot);
  store.emitProduct(touched);
  return slot;
}

/** DELETE without force: to the trash (fires order.deleted with `{"id":N}`); answers the order as it was. */
export function trashOrder(store: WooStore, id: number): WooOrder {
  const slot = store.slot(id);
  if (slot.status === 'trash')
    throw new WooError(410, 'woocommerce_rest_already_trashed', 'The order has already been deleted.');
  const before = store.orderJson(slot);
  store.materialize(slot);
  slot.trashedFrom = slot.status;
  slot.status = 'trash';
  store.table.touch(slot, toSecond(Date.now()));
  store.counters.ordersTrashed += 1;
  store.webhooks.emit('order.deleted', () => JSON.stringify({ id }));
  return before;
}

/** DELETE with force=true: gone for good, and no webhook fires (as observed on WooCommerce 11). */
export function forceDeleteOrder(store: WooStore, id: number): WooOrder {
  const slot = store.slot(id);
  const before = store.orderJson(slot);
  store.table.remove(slot);
  store.counters.ordersDeleted += 1;
  return before;
}

export function restoreOrder(store: WooStore, id: number): WooSlot {
  const slot = store.slot(id);
  if (slot.status !== 'trash') return slot;
  store.materialize(slot);
  slot.status = slot.trashedFrom ?? 'pending';
  delete slot.trashedFrom;
  store.table.touch(slot, toSecond(Date.now()));
  store.emitOrder('order.restored', slot);
  return slot;
}

/** POST /orders/{id}/refunds semantics; `rest` applies WooCommerce's gateway check for `api_refund`. */
