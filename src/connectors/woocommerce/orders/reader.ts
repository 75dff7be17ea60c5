import type { OrderPage, OrderPageRequest, OrderWindow, RawOrder } from '../../../core/integration';
import type { JsonObject, JsonValue } from '../../../core/json';
import { requireUtcTimestamp } from '../../../core/time';
import { isWooCommerceOrder } from '../../../mappers/woocommerce';
import { channelError } from '../http/errors';
import { countHeader, type WooClient, type WooResponse } from '../http/client';
import type { QueryValue } from '../http/transport';
import { WOOCOMMERCE } from '../platform';
import { advance, ceilToSecond, decodeCursor, encodeCursor, gmtParam, type OrderCursor } from './cursor';

interface Listed {
  order: JsonObject;
  id: string;
  modifiedMs: number;
}

/** Orders out of wc/v3: windows of `date_modified_gmt`, single orders, each with its full refunds. */
export class OrderReader {
  constructor(private readonly client: WooClient) {}

  async page(request: OrderPageRequest): Promise<OrderPage> {
    const cursor = decodeCursor(request.cursor);
    const bounds = windowBounds(request.window);
    const perPage = Math.min(
      Math.max(1, Math.trunc(request.pageSize ?? WOOCOMMERCE.pageSize)),
      WOOCOMMERCE.pageSize,
    );
    const after = cursor.after ?? bounds.fromMs;
    const query: Record<string, QueryValue> = {
      ...windowQuery(cursor.phase, after, bounds.toMs),
      per_page: perPage,
      orderby: 'modified',
      order: 'asc',
    };
    if (cursor.emitted.length > 0) query.exclude = cursor.emitted.join(',');
    const response = await this.client.send({
      method: 'get',
      path: 'orders',
      query,
      what: `listing ${cursor.phase} orders`,
    });
    const listed = listedOrders(response.body);

    const fresh = listed.filter(
      (o) => o.modifiedMs >= after && !(o.modifiedMs === cursor.after && cursor.emitted.includes(o.id)),
    );
    const inWindow = fresh.filter((o) => o.modifiedMs < bounds.toMs);
    const totalPages = countHeader(response, WOOCOMMERCE.headers.totalPages);
    const more =
      inWindow.length === fresh.length && (totalPages === null ? listed.length >= perPage : totalPages > 1);
    if (more && inWindow.length === 0) {
      throw channelError(
        'protocol',
        'order paging made no progress: the store ignores `exclude` or `modified_after`',
      );
    }

    const orders: RawOrder[] = [];
    for (const listedOrder of inWindow) orders.push(await this.toRawOrder(listedOrder.order));
    return {
      orders,
      nextCursor: nextCursor(cursor, more, inWindow),
      totalInWindow: request.cursor === null ? countHeader(response, WOOCOMMERCE.headers.total) : null,
    };
  }

  /** Live and trashed orders modified in the window, as the store counts them (`X-WP-Total`). */
  async count(window: OrderWindow): Promise<number> {
    const bounds = windowBounds(window);
    let total = 0;
    for (const phase of ['live', 'trash'] as const) {
      const response = await this.client.send({
        method: 'get',
        path: 'orders',
        query: { ...windowQuery(phase, bounds.fromMs, bounds.toMs), per_page: 1 },
        what: `counting ${phase} orders`,
      });
      const count = countHeader(response, WOOCOMMERCE.headers.total);
      if (count === null) {
        throw channelError('protocol', 'the order list came without X-WP-Total: a cache or proxy strips it?');
      }
      total += count;
    }
    return total;
  }

  async fetch(externalId: string): Promise<RawOrder | null> {
    const response = await this.client.sendOrNull({
      method: 'get',
      path: `orders/${encodeURIComponent(externalId)}`,
      what: `reading order ${externalId}`,
    });
    if (response === null) return null;
    if (!isWooCommerceOrder(response.body)) {
      throw channelError('protocol', `reading order ${externalId} did not return an order`);
    }
    return this.toRawOrder(response.body);
  }

  /**
   * The order as the mapper wants it: its short `refunds` list ({id, reason, total}) replaced by
   * the full refunds (`GET orders/{id}/refunds`: time, lines, amounts), which only that route has.
   */
  async toRawOrder(order: JsonObject): Promise<RawOrder> {
    const id = String(order.id);
    let payload: JsonObject = order;
    if (Array.isArray(order.refunds) && order.refunds.length > 0) {
      const refunds = await this.refunds(id);
      if (refunds !== null) payload = { ...order, refunds };
    }
    const updatedAt = requireUtcTimestamp(
      order.date_modified_gmt ?? order.date_created_gmt,
      `order ${id} date_modified_gmt`,
    );
    return { externalId: id, updatedAt, payload, deleted: order.status === WOOCOMMERCE.trashStatus };
  }

  private async refunds(orderId: string): Promise<JsonValue[] | null> {
    const refunds: JsonValue[] = [];
    for (let page = 1; ; page++) {
      const response: WooResponse | null = await this.client.sendOrNull({
        method: 'get',
        path: `orders/${encodeURIComponent(orderId)}/refunds`,
        query: { per_page: WOOCOMMERCE.pageSize, page },
        what: `reading the refunds of order ${orderId}`,
      });
      if (response === null) return null;
      if (!Array.isArray(response.body)) {
        throw channelError('protocol', `the refunds of order ${orderId} are not a list`);
      }
      refunds.push(...response.body);
      if ((countHeader(response, WOOCOMMERCE.headers.totalPages) ?? 1) <= page) return refunds;
    }
  }
}

/** Whole seconds: `date_modified_gmt` has no finer resolution. */
function windowBounds(window: OrderWindow): { fromMs: number; toMs: number } {
  return { fromMs: ceilToSecond(window.from.getTime()), toMs: ceilToSecond(window.to.getTime()) };
}

/** Orders modified at or after `fromMs` and before `toMs`: both bounds of WooCommerce are exclusive. */
function windowQuery(phase: OrderCursor['phase'], fromMs: number, toMs: number): Record<string, QueryValue> {
  return {
    status: phase === 'live' ? WOOCOMMERCE.liveStatuses : WOOCOMMERCE.trashStatus,
    dates_are_gmt: true,
    modified_after: gmtParam(fromMs - WOOCOMMERCE.timestampResolutionMs),
    modified_before: gmtParam(toMs),
  };
}

function listedOrders(body: JsonValue): Listed[] {
  if (!Array.isArray(body)) throw channelError('protocol', 'the order list is not a JSON array');
  const listed = body.map((order): Listed => {
    if (!isWooCommerceOrder(order)) {
      throw channelError('protocol', 'the order list holds something that is not an order');
    }
    const modified = requireUtcTimestamp(
      order.date_modified_gmt ?? order.date_created_gmt,
      `order ${String(order.id)} date_modified_gmt`,
    );
    return { order, id: String(order.id), modifiedMs: Date.parse(modified) };
  });
  // The store sorts by (date_modified, ID); sorting again keeps the cursor right if a plugin does not.
  return listed.sort((a, b) => a.modifiedMs - b.modifiedMs || Number(a.id) - Number(b.id));
}

function nextCursor(cursor: OrderCursor, more: boolean, emitted: Listed[]): string | null {
  if (more) return encodeCursor(advance(cursor, emitted));
  return cursor.phase === 'live' ? encodeCursor({ phase: 'trash', after: null, emitted: [] }) : null;
}
