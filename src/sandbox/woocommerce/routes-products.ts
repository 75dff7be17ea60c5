import { toSecond } from '../common/time';
import type { StockChange, WooProductJson, WooProductState, WooVariationState } from './catalog';
import { dateParam, enumParam, idList, intParam, linkHeader, listParam } from './params';
import { batch, idOf, ITEM, route, type WooContext, type WooReply, type WooRoute } from './router';
import { WooError } from './types';

function change(body: unknown): StockChange {
  return typeof body === 'object' && body !== null ? (body as StockChange) : {};
}

function paged<T extends { modifiedAt: number; id: number; createdAt: number }>(
  ctx: WooContext,
  items: T[],
  render: (x: T) => WooProductJson,
  base: string,
): WooReply {
  const q = ctx.req.query;
  const page = intParam(q, 'page', 1) ?? 1;
  const perPage = intParam(q, 'per_page', 1, 100) ?? 10;
  const order = enumParam(q, 'order', ['asc', 'desc'] as const) ?? 'desc';
  const orderby =
    enumParam(q, 'orderby', [
      'date',
      'id',
      'include',
      'title',
      'slug',
      'modified',
      'price',
      'popularity',
      'rating',
      'menu_order',
    ] as const) ?? 'date';
  const modifiedAfter = dateParam(q, 'modified_after', 'UTC');
  const include = idList(q, 'include');
  const skus = listParam(q, 'sku');
  let list = items.filter(
    (x) =>
      (modifiedAfter === undefined || x.modifiedAt > modifiedAfter) && (!include || include.includes(x.id)),
  );
  if (skus) list = list.filter((x) => skus.includes((x as unknown as { sku: string }).sku));
  const key =
    orderby === 'modified'
      ? (x: T) => x.modifiedAt
      : orderby === 'date'
        ? (x: T) => x.createdAt
        : (x: T) => x.id;
  list.sort((a, b) => key(a) - key(b) || a.id - b.id);
  if (order === 'desc') list.reverse();
  const total = list.length;
  const totalPages = Math.ceil(total / perPage);
  const link = linkHeader(base, q, page, totalPages, []);
  return {
    body: list.slice((page - 1) * perPage, page * perPage).map(render),
    headers: {
      'X-WP-Total': String(total),
      'X-WP-TotalPages': String(totalPages),
      ...(link ? { Link: link } : {}),
    },
  };
}

function updateProduct(ctx: WooContext, p: WooProductState, body: unknown): WooProductJson {
  ctx.store.catalog.applyChange(p, change(body), toSecond(Date.now()));
  ctx.store.emitProduct([p.id]);
  return ctx.store.catalog.productJson(p);
}

function updateVariation(ctx: WooContext, v: WooVariationState, body: unknown): WooProductJson {
  ctx.store.catalog.applyChange(v, change(body), toSecond(Date.now()));
  ctx.store.emitProduct(v.manageStock === 'parent' ? [v.id, v.parentId] : [v.id]);
  return ctx.store.catalog.variationJson(v);
}

const notSupported = () => {
  throw new WooError(
    400,
    'woocommerce_rest_sandbox_not_supported',
    'The sandbox store does not create or delete catalog items.',
  );
};

export const productRoutes: WooRoute[] = [
  route('GET', '/products', 'list', 'GET, POST', (ctx) => {
    const type = listParam(ctx.req.query, 'type');
    const products = ctx.store.catalog.products.filter(
      (p) => !type || type.includes(p.product.simple ? 'simple' : 'variable'),
    );
    return paged(
      ctx,
      products,
      (p) => ctx.store.catalog.productJson(p),
      `${ctx.store.home}/wp-json/wc/v3/products`,
    );
  }),
  route('POST,PUT,PATCH', '/products/batch', 'batch', 'POST, PUT, PATCH', async (ctx) => ({
    body: await batch(ctx.body(), {
      create: notSupported,
      update: (item) => updateProduct(ctx, ctx.store.catalog.requireProduct(idOf(item)), item),
      delete: notSupported,
    }),
  })),
  route('GET', '/products/(\\d+)', 'view', ITEM, (ctx) => ({
    body: ctx.store.catalog.productJson(ctx.store.catalog.requireProduct(Number(ctx.params[0]))),
  })),
  route('POST,PUT,PATCH', '/products/(\\d+)', 'edit', ITEM, (ctx) => ({
    body: updateProduct(ctx, ctx.store.catalog.requireProduct(Number(ctx.params[0])), ctx.body()),
  })),
  route('GET', '/products/(\\d+)/variations', 'list', 'GET, POST', (ctx) => {
    const p = ctx.store.catalog.requireProduct(Number(ctx.params[0]));
    return paged(
      ctx,
      p.variations,
      (v) => ctx.store.catalog.variationJson(v),
      `${ctx.store.home}/wp-json/wc/v3/products/${p.id}/variations`,
    );
  }),
  route('POST,PUT,PATCH', '/products/(\\d+)/variations/batch', 'batch', 'POST, PUT, PATCH', async (ctx) => {
    const productId = Number(ctx.params[0]);
    ctx.store.catalog.requireProduct(productId);
    return {
      body: await batch(ctx.body(), {
        create: notSupported,
        update: (item) =>
          updateVariation(ctx, ctx.store.catalog.requireVariation(productId, idOf(item)), item),
        delete: notSupported,
      }),
    };
  }),
  route('GET', '/products/(\\d+)/variations/(\\d+)', 'view', ITEM, (ctx) => ({
    body: ctx.store.catalog.variationJson(
      ctx.store.catalog.requireVariation(Number(ctx.params[0]), Number(ctx.params[1])),
    ),
  })),
  route('POST,PUT,PATCH', '/products/(\\d+)/variations/(\\d+)', 'edit', ITEM, (ctx) => ({
    body: updateVariation(
      ctx,
      ctx.store.catalog.requireVariation(Number(ctx.params[0]), Number(ctx.params[1])),
      ctx.body(),
    ),
  })),
];
