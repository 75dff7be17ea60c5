import { listOrders } from './list';
import { readOrderInput, readRefundInput } from './inputs';
import { createOrder, forceDeleteOrder, trashOrder, updateOrder } from './mutations';
import { createRefund, deleteRefund } from './refunds';
import { boolParam, linkHeader } from './params';
import { batch, COLLECTION, idOf, ITEM, route, type WooContext, type WooRoute } from './router';
import { WooError } from './types';

function orderId(ctx: WooContext, i = 0): number {
  return Number(ctx.params[i]);
}

function str(body: unknown, key: string): string | undefined {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export const orderRoutes: WooRoute[] = [
  route('GET', '/orders', 'list', COLLECTION, (ctx) => {
    const page = listOrders(ctx.store, ctx.req.query);
    const base = `${ctx.store.home}/wp-json/wc/v3/orders`;
    const link = linkHeader(base, ctx.req.query, page.page, page.totalPages, [
      ['status[0]', 'any'],
      ['dp', String(ctx.store.currency.digits)],
      ['context', 'view'],
    ]);
    return {
      body: page.slots.map((s) => ctx.store.orderJson(s)),
      headers: {
        'X-WP-Total': String(page.total),
        'X-WP-TotalPages': String(page.totalPages),
        ...(link ? { Link: link } : {}),
      },
    };
  }),
  route('POST', '/orders', 'create', COLLECTION, (ctx) => {
    const slot = createOrder(ctx.store, readOrderInput(ctx.body()), true);
    return {
      status: 201,
      body: ctx.store.orderJson(slot),
      headers: { Location: `${ctx.store.home}/wp-json/wc/v3/orders/${slot.id}` },
    };
  }),
  route('POST,PUT,PATCH', '/orders/batch', 'batch', 'POST, PUT, PATCH', async (ctx) => ({
    body: await batch(ctx.body(), {
      create: (item) => ctx.store.orderJson(createOrder(ctx.store, readOrderInput(item), true)),
      update: (item) => ctx.store.orderJson(updateOrder(ctx.store, idOf(item), readOrderInput(item))),
      delete: (id) => forceDeleteOrder(ctx.store, idOf(id)),
    }),
  })),
  route('GET', '/orders/(\\d+)', 'view', ITEM, (ctx) => ({
    body: ctx.store.orderJson(ctx.store.slot(orderId(ctx))),
  })),
  route('POST,PUT,PATCH', '/orders/(\\d+)', 'edit', ITEM, (ctx) => ({
    body: ctx.store.orderJson(updateOrder(ctx.store, orderId(ctx), readOrderInput(ctx.body()))),
  })),
  route('DELETE', '/orders/(\\d+)', 'delete', ITEM, (ctx) => ({
    body: boolParam(ctx.req.query, 'force')
      ? forceDeleteOrder(ctx.store, orderId(ctx))
      : trashOrder(ctx.store, orderId(ctx)),
  })),
  route('GET', '/orders/(\\d+)/refunds', 'list', COLLECTION, (ctx) => {
    const refunds = ctx.store.listRefunds(orderId(ctx));
    return {
      body: refunds,
      headers: { 'X-WP-Total': String(refunds.length), 'X-WP-TotalPages': refunds.length ? '1' : '0' },
    };
  }),
  route('POST', '/orders/(\\d+)/refunds', 'create', COLLECTION, (ctx) => {
    const refund = createRefund(ctx.store, orderId(ctx), readRefundInput(ctx.body()), true);
    return {
      status: 201,
      body: refund,
      headers: {
        Location: `${ctx.store.home}/wp-json/wc/v3/orders/(?P<order_id>[\\d]+)/refunds/${refund.id}`,
      },
    };
  }),
  route('GET', '/orders/(\\d+)/refunds/(\\d+)', 'view', 'GET, DELETE', (ctx) => ({
    body: ctx.store.refundJson(ctx.store.slot(orderId(ctx)), orderId(ctx, 1)),
  })),
  route('DELETE', '/orders/(\\d+)/refunds/(\\d+)', 'delete', 'GET, DELETE', (ctx) => {
    if (!boolParam(ctx.req.query, 'force'))
      throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Refunds do not support trashing.');
    return { body: deleteRefund(ctx.store, orderId(ctx), orderId(ctx, 1)) };
  }),
  route('GET', '/orders/(\\d+)/notes', 'list', COLLECTION, (ctx) => ({
    body: ctx.store.listNotes(orderId(ctx)),
  })),
  route('POST', '/orders/(\\d+)/notes', 'create', COLLECTION, (ctx) => {
    const body = ctx.body();
    const note = str(body, 'note');
    if (!note)
      throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): note', {
        params: ['note'],
      });
    const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const created = ctx.store.addNote(orderId(ctx), note, b.customer_note === true, b.added_by_user === true);
    return {
      status: 201,
      body: created,
      headers: { Location: `${ctx.store.home}/wp-json/wc/v3/orders/${orderId(ctx)}/notes/${created.id}` },
    };
  }),
  route('GET', '/orders/(\\d+)/notes/(\\d+)', 'view', 'GET, DELETE', (ctx) => {
    const note = ctx.store.listNotes(orderId(ctx)).find((n) => n.id === orderId(ctx, 1));
    if (!note) throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
    return { body: note };
  }),
];
