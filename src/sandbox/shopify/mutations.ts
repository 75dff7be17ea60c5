import { toSecond } from '../common/time';
import type { PlanRefund } from '../seed/plan-types';
import { derive, fulfillmentId } from './derive';
import { IDS, PER_ORDER } from './ids';
import type { ShopifySlot } from './model';
import type { ShopifyStore } from './store';

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string;
}

export interface FulfillRequest {
  fulfillmentOrderId: number;
  /** FulfillmentOrderLineItem ids and quantities; all remaining when omitted. */
  lines?: { id: number; quantity: number }[];
}

export interface Tracking {
  company?: string | null;
  number?: string | null;
  url?: string | null;
}

/** fulfillmentCreate semantics (2025-01): per fulfillment order, userErrors instead of exceptions. */
export function fulfill(
  store: ShopifyStore,
  requests: FulfillRequest[],
  tracking: Tracking,
): { slot: ShopifySlot; seq: number } | { errors: UserError[] } {
  if (requests.length === 0)
    return {
      errors: [{ field: ['fulfillment'], message: 'Line items by fulfillment order must be present.' }],
    };
  let owner: ShopifySlot | undefined;
  const picked: { lineIndex: number; quantity: number; location: number }[] = [];
  for (const [i, r] of requests.entries()) {
    const hit = store.slotByIndexedId(r.fulfillmentOrderId, IDS.fulfillmentOrder, 8);
    const d = hit && derive(hit.slot, store.plan(hit.slot), store.currency.code);
    const fo = d?.fulfillmentOrders[hit?.seq ?? -1];
    const field = ['fulfillment', 'lineItemsByFulfillmentOrder', String(i), 'fulfillmentOrderId'];
    if (!hit || !fo) return { errors: [{ field, message: 'Fulfillment order does not exist.' }] };
    if (owner && owner !== hit.slot)
      return { errors: [{ field, message: 'All fulfillment orders must belong to the same order.' }] };
    owner = hit.slot;
    if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS')
      return {
        errors: [
          {
            field: ['fulfillment'],
            message: `Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
          },
        ],
      };
    const wanted = r.lines ?? fo.lines.map((l) => ({ id: l.id, quantity: l.remaining }));
    for (const w of wanted) {
      const line = fo.lines.find((l) => l.id === w.id);
      if (!line || w.quantity < 0 || w.quantity > line.remaining)
        return {
          errors: [
            { field: ['fulfillment'], message: 'Invalid fulfillment order line item quantity requested.' },
          ],
        };
      if (w.quantity > 0)
        picked.push({ lineIndex: line.lineIndex, quantity: w.quantity, location: fo.location });
    }
  }
  if (!owner || picked.length === 0)
    return {
      errors: [
        { field: ['fulfillment'], message: 'Invalid fulfillment order line item quantity requested.' },
      ],
    };
  const plan = store.materialize(owner).plan;
  const seq = plan.fulfillments.length;
  if (seq >= PER_ORDER)
    return {
      errors: [{ field: ['fulfillment'], message: 'Too many fulfillments for this order in the sandbox.' }],
    };
  const now = toSecond(Date.now());
  plan.fulfillments.push({
    at: now,
    updatedAt: now,
    lines: picked.map(({ lineIndex, quantity }) => ({ lineIndex, quantity })),
    location: picked[0]?.location ?? 0,
    company: tracking.company ?? null,
    number: tracking.number ?? null,
    url: tracking.url ?? null,
    seq,
  });
  const after = derive(owner, plan, store.currency.code);
  plan.lifecycle = after.fulfillment === 'FULFILLED' ? 'completed' : 'partially_fulfilled';
  if (after.fulfillment === 'FULFILLED') plan.completedAt = now;
  store.touch(owner);
  store.counters.fulfillmentsCreated += 1;
  const slot = owner;
  store.webhooks.emit('FULFILLMENTS_CREATE', () => {
    return store.restOrder(slot).fulfillments.find((f) => f.id === fulfillmentId(slot, seq));
  });
  store.emitOrder(owner, [
    after.fulfillment === 'FULFILLED' ? 'ORDERS_FULFILLED' : 'ORDERS_PARTIALLY_FULFILLED',
    'ORDERS_UPDATED',
  ]);
  return { slot: owner, seq };
}

export function refund(
  store: ShopifyStore,
  slot: ShopifySlot,
  opts: {
    lines?: { lineIndex: number; quantity: number }[];
    shipping?: boolean;
    note?: string;
    restock?: boolean;
  },
): number {
  const plan = store.materialize(slot).plan;
  const d = derive(slot, plan, store.currency.code);
  const lines = (
    opts.lines ??
    plan.lines.map((l, lineIndex) => ({ lineIndex, quantity: l.quantity - (d.refundedQty[lineIndex] ?? 0) }))
  ).filter((l) => l.quantity > 0);
  const full = opts.lines === undefined;
  const seq = plan.refunds.length;
  const r: PlanRefund = {
    at: toSecond(Date.now()),
    lines,
    shipping: opts.shipping ?? (full && !plan.refunds.some((x) => x.shipping)),
    fees: full,
    reason: opts.note ?? '',
    restock: opts.restock ?? false,
    seq,
    refundedPayment: true,
  };
  plan.refunds.push(r);
  if (derive(slot, plan, store.currency.code).financial === 'REFUNDED' && plan.lifecycle !== 'cancelled')
    plan.lifecycle = 'refunded';
  store.touch(slot);
  store.counters.refundsCreated += 1;
  store.webhooks.emit('REFUNDS_CREATE', () => store.restOrder(slot).refunds[seq]);
  store.emitOrder(slot, ['ORDERS_UPDATED']);
  return IDS.refund + slot.index * PER_ORDER + seq;
}

/** orderCancel: synchronous here (Shopify answers with a Job); optional refund of what was paid. */
export function cancel(
  store: ShopifyStore,
  slot: ShopifySlot,
  opts: { reason: string; refund: boolean; restock: boolean; staffNote?: string | null },
): UserError[] {
  const plan = store.materialize(slot).plan;
  if (plan.cancelledAt !== null)
    return [{ field: ['orderId'], message: 'Order has already been cancelled.', code: 'INVALID' }];
  if (plan.fulfillments.length > 0 && derive(slot, plan, store.currency.code).fulfillment === 'FULFILLED')
    return [{ field: ['orderId'], message: 'Cannot cancel a fulfilled order.', code: 'INVALID' }];
  const now = toSecond(Date.now());
  if (opts.refund && plan.paidAt !== null)
    refund(store, slot, { note: 'Order canceled', restock: opts.restock });
  plan.cancelledAt = now;
  plan.cancelReason = opts.reason.toLowerCase();
  plan.lifecycle = 'cancelled';
  if (opts.staffNote) plan.note = opts.staffNote;
  store.touch(slot);
  store.counters.ordersCancelled += 1;
  store.emitOrder(slot, ['ORDERS_CANCELLED', 'ORDERS_UPDATED']);
  return [];
}

/** inventorySetQuantities (2025-01): compareQuantity compare-and-set, all-or-nothing. */
export function setQuantities(
  store: ShopifyStore,
  input: {
    name: string;
    reason: string;
    ignoreCompareQuantity: boolean;
    quantities: {
      inventoryItemId: number;
      locationId: number;
      quantity: number;
      compareQuantity: number | null | undefined;
    }[];
  },
): {
  errors: UserError[];
  changes: { name: string; delta: number; variantIndex: number; location: number }[];
} {
  const errors: UserError[] = [];
  const reasons = [
    'correction',
    'cycle_count_available',
    'damaged',
    'movement_created',
    'movement_updated',
    'movement_received',
    'movement_canceled',
    'other',
    'promotion',
    'quality_control',
    'received',
    'reservation_created',
    'reservation_deleted',
    'reservation_updated',
    'restock',
    'safety_stock',
    'shrinkage',
  ];
  if (input.name !== 'available' && input.name !== 'on_hand')
    errors.push({
      field: ['input', 'name'],
      message: "The quantity name must be either 'available' or 'on_hand'.",
      code: 'INVALID_NAME',
    });
  if (!reasons.includes(input.reason))
    errors.push({
      field: ['input', 'reason'],
      message: 'The specified reason is invalid. Valid values: ' + reasons.join(', ') + '.',
      code: 'INVALID_REASON',
    });
  const resolved = input.quantities.map((q, i) => {
    const field = (f: string) => ['input', 'quantities', String(i), f];
    const variant = store.catalog.variantByItemId(q.inventoryItemId);
    const location = store.catalog.location(q.locationId);
    if (!variant)
      errors.push({
        field: field('inventoryItemId'),
        message: 'The specified inventory item could not be found.',
        code: 'INVALID_INVENTORY_ITEM',
      });
    else if (!location)
      errors.push({
        field: field('locationId'),
        message: 'The specified location could not be found.',
        code: 'INVALID_LOCATION',
      });
    const level = variant && location ? store.catalog.level(variant.index, location.index) : undefined;
    if (variant && location && !level)
      errors.push({
        field: field('locationId'),
        message: 'The specified inventory item is not stocked at the location.',
        code: 'ITEM_NOT_STOCKED_AT_LOCATION',
      });
    if (q.quantity > 1_000_000_000)
      errors.push({
        field: field('quantity'),
        message: 'The quantity is too high.',
        code: 'INVALID_QUANTITY_TOO_HIGH',
      });
    if (level && !input.ignoreCompareQuantity) {
      const current = input.name === 'on_hand' ? level.quantities.on_hand : level.quantities.available;
      if (q.compareQuantity === undefined || q.compareQuantity === null)
        errors.push({
          field: field('compareQuantity'),
          message:
            'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
          code: 'COMPARE_QUANTITY_REQUIRED',
        });
      else if (q.compareQuantity !== current)
        errors.push({
          field: field('compareQuantity'),
          message: 'The compareQuantity value does not match persisted value.',
          code: 'COMPARE_QUANTITY_STALE',
        });
    }
    return { q, level };
  });
  if (errors.length > 0) return { errors, changes: [] };
  const changes: { name: string; delta: number; variantIndex: number; location: number }[] = [];
  const now = toSecond(Date.now());
  for (const { q, level } of resolved) {
    if (!level) continue;
    const current = input.name === 'on_hand' ? level.quantities.on_hand : level.quantities.available;
    const delta = q.quantity - current;
    level.quantities.available += delta;
    level.quantities.on_hand += delta;
    level.updatedAt = now;
    changes.push(
      { name: 'available', delta, variantIndex: level.variantIndex, location: level.location },
      { name: 'on_hand', delta, variantIndex: level.variantIndex, location: level.location },
    );
    store.webhooks.emit('INVENTORY_LEVELS_UPDATE', () => ({
      inventory_item_id: store.catalog.inventoryItemId(level.variantIndex),
      location_id: store.catalog.locations[level.location]?.id,
      available: level.quantities.available,
      updated_at: new Date(now).toISOString(),
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${store.catalog.levelId(level)}?inventory_item_id=${store.catalog.inventoryItemId(level.variantIndex)}`,
    }));
  }
  return { errors: [], changes };
}
