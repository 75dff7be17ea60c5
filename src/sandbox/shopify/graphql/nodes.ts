import { derive } from '../derive';
import { IDS, parseGid, PER_ORDER } from '../ids';
import type { GqlContext } from './context';
import { bulkView, subscriptionView } from './views-admin';
import {
  InventoryItemView,
  InventoryLevelView,
  LocationView,
  ProductView,
  VariantView,
} from './views-catalog';
import { OrderView } from './views-order';
import { FulfillmentOrderView, FulfillmentView } from './views-fulfillment';
import { LineItemView } from './views-lines';
import { RefundView } from './views-refund';

/** `node(id:)` / `nodes(ids:)`: any gid the sandbox hands out, resolved back by arithmetic or binary search. */
export function nodeById(ctx: GqlContext, id: unknown): unknown {
  const g = parseGid(id);
  if (!g) return null;
  const store = ctx.store;
  const d = (slot: Parameters<typeof derive>[0]) => derive(slot, store.plan(slot), store.currency.code);
  switch (g.type) {
    case 'Order': {
      const slot = store.slotById(g.id);
      return slot ? new OrderView(ctx, slot) : null;
    }
    case 'LineItem': {
      const hit = store.slotByItemOffset(g.id - IDS.lineItem);
      return hit ? new LineItemView(ctx, d(hit.slot), hit.k) : null;
    }
    case 'FulfillmentOrder': {
      const hit = store.slotByIndexedId(g.id, IDS.fulfillmentOrder, 8);
      const derived = hit && d(hit.slot);
      return hit && derived?.fulfillmentOrders[hit.seq]
        ? new FulfillmentOrderView(ctx, derived, hit.seq)
        : null;
    }
    case 'Fulfillment': {
      const hit = store.slotByIndexedId(g.id, IDS.fulfillment, PER_ORDER);
      const derived = hit && d(hit.slot);
      return hit && derived?.plan.fulfillments.some((f) => f.seq === hit.seq)
        ? new FulfillmentView(ctx, derived, hit.seq)
        : null;
    }
    case 'Refund': {
      const hit = store.slotByIndexedId(g.id, IDS.refund, PER_ORDER);
      const derived = hit && d(hit.slot);
      const i = derived ? derived.plan.refunds.findIndex((r) => r.seq === hit?.seq) : -1;
      return derived && i >= 0 ? new RefundView(ctx, derived, i) : null;
    }
    case 'Product':
      return store.catalog.productById(g.id) ? new ProductView(ctx, g.id - IDS.product) : null;
    case 'ProductVariant':
      return store.catalog.variantById(g.id) ? new VariantView(ctx, g.id - IDS.variant) : null;
    case 'InventoryItem':
      return store.catalog.variantByItemId(g.id)
        ? new InventoryItemView(ctx, g.id - IDS.inventoryItem)
        : null;
    case 'InventoryLevel': {
      const loc = Math.floor((g.id - IDS.inventoryLevel) / 1_000_000);
      const level = store.catalog.level(g.id - IDS.inventoryLevel - loc * 1_000_000, loc);
      return level ? new InventoryLevelView(ctx, level) : null;
    }
    case 'Location': {
      const loc = store.catalog.location(g.id);
      return loc ? new LocationView(ctx, loc.index) : null;
    }
    case 'WebhookSubscription': {
      const sub = store.webhooks.subscriptions.get(g.id);
      return sub ? subscriptionView(sub) : null;
    }
    case 'BulkOperation': {
      const op = store.bulk.get(g.id);
      return op ? bulkView(op) : null;
    }
    default:
      return null;
  }
}
