import { GraphQLError } from 'graphql';
import { IDS, parseGid } from '../ids';
import { page, str, type Args } from './args';
import { listConnection } from './connection';
import type { GqlContext } from './context';
import { nodeById } from './nodes';
import { ordersConnection, ordersCount } from './orders-connection';
import type { ParsedSearch } from './search';
import { parseSearch } from './search';
import { appInstallationView, bulkView, shopView, subscriptionView } from './views-admin';
import { InventoryItemView, LocationView, ProductView, VariantView } from './views-catalog';
import { OrderView } from './views-order';
import { FulfillmentOrderView } from './views-fulfillment';
import { derive } from '../derive';

export interface SearchReport {
  path: string[];
  query: string;
  warnings: ParsedSearch['warnings'];
}

export interface RootOptions {
  scopes: string[];
  reports: SearchReport[];
}

function reporter(reports: SearchReport[], field: string, query: string | null) {
  return (parsed: ParsedSearch) => {
    const warnings = [
      ...parsed.warnings,
      ...parsed.text.map((t) => ({
        field: 'default',
        message: `Free-text search ("${t}") is not supported by the sandbox.`,
      })),
    ];
    if (warnings.length > 0 && query) reports.push({ path: [field], query, warnings });
  };
}

function byId<T>(args: Args, type: string, resolve: (id: number) => T | null): T | null {
  const g = parseGid(args.id);
  if (!g)
    throw new GraphQLError(`Invalid global id '${String(args.id)}'`, {
      extensions: { code: 'argumentLiteralsIncompatible' },
    });
  return g.type === type ? resolve(g.id) : null;
}

function skuFilter(query: string | null): { sku?: string; productId?: number } {
  const parsed = parseSearch(query, new Set(['sku', 'product_id', 'id']));
  const out: { sku?: string; productId?: number } = {};
  for (const t of parsed.groups[0] ?? []) {
    if (t.field === 'sku') out.sku = t.value;
    if (t.field === 'product_id') out.productId = Number(t.value);
  }
  return out;
}

/** QueryRoot: each field a method the default resolver calls with (args, context). */
export function queryRoot(ctx: GqlContext, opts: RootOptions) {
  const store = ctx.store;
  return {
    shop: () => shopView(ctx),
    currentAppInstallation: () => appInstallationView(ctx, opts.scopes),
    orders: (args: Args) =>
      ordersConnection(
        ctx,
        { ...page(args), sortKey: str(args, 'sortKey'), query: str(args, 'query') },
        reporter(opts.reports, 'orders', str(args, 'query')),
      ),
    ordersCount: (args: Args) =>
      ordersCount(
        ctx,
        str(args, 'query'),
        typeof args.limit === 'number' ? args.limit : null,
        reporter(opts.reports, 'ordersCount', str(args, 'query')),
      ),
    order: (args: Args) =>
      byId(args, 'Order', (id) => {
        const slot = store.slotById(id);
        return slot ? new OrderView(ctx, slot) : null;
      }),
    node: (args: Args) => nodeById(ctx, args.id),
    nodes: (args: Args) => (Array.isArray(args.ids) ? args.ids.map((id) => nodeById(ctx, id)) : []),
    fulfillmentOrder: (args: Args) => {
      const hit = store.slotByIndexedId(parseGid(args.id)?.id ?? 0, IDS.fulfillmentOrder, 8);
      const d = hit && derive(hit.slot, store.plan(hit.slot), store.currency.code);
      return hit && d?.fulfillmentOrders[hit.seq] ? new FulfillmentOrderView(ctx, d, hit.seq) : null;
    },
    products: (args: Args) =>
      listConnection(
        store.catalog.catalog.products,
        page(args),
        ctx,
        (p) => store.catalog.productId(p.index),
        (p) => new ProductView(ctx, p.index),
      ),
    product: (args: Args) =>
      byId(args, 'Product', (id) =>
        store.catalog.productById(id) ? new ProductView(ctx, id - IDS.product) : null,
      ),
    productVariants: (args: Args) => {
      const f = skuFilter(str(args, 'query'));
      const list = store.catalog.catalog.variants.filter(
        (v) =>
          (f.sku === undefined || v.sku === f.sku) &&
          (f.productId === undefined || store.catalog.productId(v.productIndex) === f.productId),
      );
      return listConnection(
        list,
        page(args),
        ctx,
        (v) => store.catalog.variantId(v.index),
        (v) => new VariantView(ctx, v.index),
      );
    },
    productVariant: (args: Args) =>
      byId(args, 'ProductVariant', (id) =>
        store.catalog.variantById(id) ? new VariantView(ctx, id - IDS.variant) : null,
      ),
    inventoryItems: (args: Args) => {
      const f = skuFilter(str(args, 'query'));
      const list = store.catalog.catalog.variants.filter((v) => f.sku === undefined || v.sku === f.sku);
      return listConnection(
        list,
        page(args),
        ctx,
        (v) => store.catalog.inventoryItemId(v.index),
        (v) => new InventoryItemView(ctx, v.index),
      );
    },
    inventoryItem: (args: Args) =>
      byId(args, 'InventoryItem', (id) =>
        store.catalog.variantByItemId(id) ? new InventoryItemView(ctx, id - IDS.inventoryItem) : null,
      ),
    inventoryLevel: (args: Args) => nodeById(ctx, args.id),
    locations: (args: Args) =>
      listConnection(
        store.catalog.locations.filter((l) => l.active || args.includeInactive === true),
        page(args),
        ctx,
        (l) => l.id,
        (l) => new LocationView(ctx, l.index),
      ),
    location: (args: Args) => {
      if (args.id === undefined || args.id === null) return new LocationView(ctx, 0);
      return byId(args, 'Location', (id) => {
        const l = store.catalog.location(id);
        return l ? new LocationView(ctx, l.index) : null;
      });
    },
    webhookSubscriptions: (args: Args) => {
      const topics = Array.isArray(args.topics) ? args.topics : null;
      const list = [...store.webhooks.subscriptions.values()].filter(
        (s) =>
          (!topics || topics.includes(s.topic)) &&
          (typeof args.callbackUrl !== 'string' || s.callbackUrl === args.callbackUrl),
      );
      return listConnection(list, page(args), ctx, (s) => s.id, subscriptionView);
    },
    webhookSubscription: (args: Args) =>
      byId(args, 'WebhookSubscription', (id) => {
        const s = store.webhooks.subscriptions.get(id);
        return s ? subscriptionView(s) : null;
      }),
    currentBulkOperation: () => {
      const op = store.bulk.current();
      return op ? bulkView(op) : null;
    },
  };
}
