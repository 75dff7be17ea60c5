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

/**
 * Orders of one second that paging by `exclude` carries at most. From there on the rest of that
 * second is paged by id instead: thousands of ids in `exclude` (and again in the Link header of
 * the answer) break the URL and header limits of servers and proxies, and the window would never
 * finish.
 */
export const MAX_EXCLUDED_IDS = 100;
/** Refund lists of one page's orders read at once (each request still waits for the store's rate gate). */
const REFUND_READS_AT_ONCE = 4;
/** Positions re-read when paging a second by offset, to check that no earlier order left it. */
const OFFSET_OVERLAP = 10;

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
    if (cursor.second && cursor.after !== null) {
      return this.secondPage(cursor, cursor.after, cursor.second, perPage);
    }
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

    const orders = await this.rawOrders(inWindow);
    return {
      orders,
      nextCursor: nextCursor(cursor, more, inWindow),
      totalInWindow: request.cursor === null ? countHeader(response, WOOCOMMERCE.headers.total) : null,
    };
  }

  /**
   * One page of the orders modified in second `at`, by id, from where the last one reached. Orders
   * only ever leave a past second (a change stamps them with the current time), so positions only
   * move down: each request re-reads a few positions, and steps further back when even the first
   * one it gets is past the last id emitted (more orders left than it re-read).
   */
  private async secondPage(
    cursor: OrderCursor,
    at: number,
    second: NonNullable<OrderCursor['second']>,
    perPage: number,
  ): Promise<OrderPage> {
    let offset = Math.max(0, second.position - OFFSET_OVERLAP);
    let listed: Listed[];
    for (;;) {
      const response = await this.client.send({
        method: 'get',
        path: 'orders',
        query: {
          ...windowQuery(cursor.phase, at, at + WOOCOMMERCE.timestampResolutionMs),
          per_page: perPage,
          orderby: 'id',
          order: 'asc',
          offset,
        },
        what: `listing ${cursor.phase} orders modified at ${gmtParam(at)}`,
      });
      listed = listedOrders(response.body).filter((o) => o.modifiedMs === at);
      const first = listed[0];
      const overshot = second.lastId !== null && (first === undefined || Number(first.id) > second.lastId);
      if (offset === 0 || !overshot) break;
      offset = Math.max(0, offset - perPage);
    }
    const skip = new Set(second.skip);
    const fresh = listed.filter(
      (o) => (second.lastId === null || Number(o.id) > second.lastId) && !skip.has(o.id),
    );
    const done = listed.length < perPage;
    const lastId = listed.reduce((max, o) => Math.max(max, Number(o.id)), second.lastId ?? 0);
    if (!done && lastId === second.lastId) {
      throw channelError(
        'protocol',
        'order paging made no progress: the store ignores `offset` or `orderby=id`',
      );
    }
    const orders = await this.rawOrders(fresh);
    const next: OrderCursor = done
      ? { phase: cursor.phase, after: at + WOOCOMMERCE.timestampResolutionMs, emitted: [] }
      : {
          phase: cursor.phase,
          after: at,
          emitted: [],
          second: { lastId, position: offset + listed.length, skip: second.skip },
        };
    return { orders, nextCursor: encodeCursor(next), totalInWindow: null };
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

  /** A page's orders as the mapper wants them, in page order; refund lists read a few at a time. */
  private async rawOrders(listed: Listed[]): Promise<RawOrder[]> {
    const orders: RawOrder[] = new Array<RawOrder>(listed.length);
    let next = 0;
    const reader = async () => {
      for (let i = next++; i < listed.length; i = next++) orders[i] = await this.toRawOrder(listed[i]!.order);
    };
    await Promise.all(Array.from({ length: Math.min(REFUND_READS_AT_ONCE, listed.length) }, reader));
    return orders;
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
  if (more) {
    const next = advance(cursor, emitted);
    if (next.after !== null && next.emitted.length >= MAX_EXCLUDED_IDS) {
      // Too many orders share this second for `exclude`: page the rest of it by id.
      return encodeCursor({
        phase: next.phase,
        after: next.after,
        emitted: [],
        second: { lastId: null, position: 0, skip: next.emitted },
      });
    }
    return encodeCursor(next);
  }
  return cursor.phase === 'live' ? encodeCursor({ phase: 'trash', after: null, emitted: [] }) : null;
}
