import type { ConnectorContext, OrderWindow, RawOrder } from '../../../src/core/integration';
import { isJsonObject } from '../../../src/core/json';
import { FakeOrderStore } from './fake-order-store';
import {
  API,
  context,
  fixture,
  fixtureObject,
  integration,
  json,
  setUpNock,
  store,
  wooError,
} from './helpers';

setUpNock();

const window: OrderWindow = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') };

async function pullAll(
  ctx: ConnectorContext,
  pageSize: number,
): Promise<{ orders: RawOrder[]; pages: number; firstTotal: number | null }> {
  const woo = integration();
  const orders: RawOrder[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let firstTotal: number | null = null;
  do {
    const page = await woo.listOrders(ctx, { window, cursor, pageSize });
    if (pages === 0) firstTotal = page.totalInWindow;
    orders.push(...page.orders);
    cursor = page.nextCursor;
    pages++;
    if (pages > 100) throw new Error('paging does not end');
  } while (cursor !== null);
  return { orders, pages, firstTotal };
}

/** Every order whose latest version falls in the window must have been emitted in that version. */
function missing(fake: FakeOrderStore, emitted: RawOrder[]): string[] {
  const seen = new Set(emitted.map((order) => `${order.externalId}@${order.updatedAt}`));
  return [...fake.orders.values()]
    .filter((order) => {
      const at = Date.parse(`${String(order.date_modified_gmt)}Z`);
      return at >= window.from.getTime() && at < window.to.getTime();
    })
    .map((order) => `${String(order.id)}@${String(order.date_modified_gmt)}Z`)
    .filter((version) => !seen.has(version));
}

describe('listOrders', () => {
  it('asks for one window of modification times, oldest first, live orders then trashed ones', async () => {
    const fake = new FakeOrderStore().set(1, '2026-03-01T08:00:00').set(2, '2026-03-01T09:00:00', 'trash');
    fake.serve();
    const { orders, pages, firstTotal } = await pullAll(context(), 100);
    expect(fake.requests).toEqual([
      {
        status: 'any',
        after: '2026-02-28T23:59:59',
        before: '2026-03-02T00:00:00',
        exclude: [],
        perPage: 100,
        page: 1,
      },
      {
        status: 'trash',
        after: '2026-02-28T23:59:59',
        before: '2026-03-02T00:00:00',
        exclude: [],
        perPage: 100,
        page: 1,
      },
    ]);
    expect(pages).toBe(2);
    expect(firstTotal).toBe(1);
    expect(orders.map((order) => [order.externalId, order.updatedAt, order.deleted])).toEqual([
      ['1', '2026-03-01T08:00:00Z', false],
      ['2', '2026-03-01T09:00:00Z', true],
    ]);
  });

  it('keeps the window half-open: an order modified at `to` waits for the next window, one at `from` is in', async () => {
    const fake = new FakeOrderStore()
      .set(1, '2026-03-01T00:00:00')
      .set(2, '2026-03-02T00:00:00')
      .set(3, '2026-02-28T23:59:59');
    fake.serve();
    const { orders } = await pullAll(context(), 100);
    expect(orders.map((order) => order.externalId)).toEqual(['1']);
  });

  it('pages through more orders sharing one second than fit on a page, each once', async () => {
    const fake = new FakeOrderStore();
    for (let id = 1; id <= 8; id++) fake.set(id, '2026-03-01T10:00:00');
    fake.set(9, '2026-03-01T10:00:01').set(10, '2026-03-01T10:00:01');
    fake.serve();
    const { orders } = await pullAll(context(), 3);
    expect(orders.map((order) => order.externalId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(fake.requests.map((request) => [request.after, request.exclude.join(',')])).toEqual([
      ['2026-02-28T23:59:59', ''],
      ['2026-03-01T09:59:59', '1,2,3'],
      ['2026-03-01T09:59:59', '1,2,3,4,5,6'],
      ['2026-03-01T10:00:00', '9'],
      ['2026-02-28T23:59:59', ''],
    ]);
  });

  it('loses no order while others change during paging (and page numbers would have)', async () => {
    const build = () => {
      const fake = new FakeOrderStore();
      for (let id = 1; id <= 7; id++) fake.set(id, '2026-03-01T10:00:00');
      fake
        .set(8, '2026-03-01T10:00:01')
        .set(9, '2026-03-01T10:00:01')
        .set(10, '2026-03-01T10:05:00')
        .set(11, '2026-03-01T10:05:00')
        .set(12, '2026-03-01T10:05:00')
        .set(13, '2026-03-01T11:00:00')
        .set(14, '2026-03-01T11:00:00')
        .set(15, '2026-03-01T12:00:00')
        .set(16, '2026-03-01T12:30:00')
        .set(17, '2026-03-01T13:00:00')
        .set(18, '2026-03-01T23:59:59')
        .set(19, '2026-03-02T00:00:00')
        .set(20, '2026-02-28T23:59:59')
        .set(21, '2026-03-01T09:00:00', 'trash');
      fake.beforeAnswer = (request, store) => {
        if (request === 3) {
          store.set(1, '2026-03-01T15:00:00'); // already emitted: changes again, later in the window
          store.set(10, '2026-03-01T15:00:00'); // not emitted yet: moves later, every order after it shifts up a place
          store.set(11, '2026-03-01T15:00:01');
        }
        if (request === 4) {
          store.set(13, '2026-03-02T00:00:05'); // moves out of this window (into the next one)
          store.set(22, '2026-03-01T14:00:00'); // a new order, ahead of the cursor
        }
        if (request === 5) store.set(16, '2026-03-01T16:00:00', 'trash'); // trashed while live orders are paged
      };
      return fake;
    };

    const fake = build();
    fake.serve();
    const { orders } = await pullAll(context(), 3);
    expect(missing(fake, orders)).toEqual([]);
    expect(
      orders
        .filter((order) => order.deleted)
        .map((order) => order.externalId)
        .sort(),
    ).toEqual(['16', '21']);
    expect(orders.some((order) => order.externalId === '19' || order.externalId === '20')).toBe(false);

    // The same store paged by page numbers (page=1, 2, …) skips orders that moved up a place.
    const naive = build();
    const byPage: string[] = [];
    for (let page = 1; page <= 10; page++) {
      naive.requests.push({ status: 'any', after: null, before: null, exclude: [], perPage: 3, page });
      naive.beforeAnswer(naive.requests.length, naive);
      const inWindow = naive.matching({
        status: 'any',
        after: '2026-02-28T23:59:59',
        before: '2026-03-02T00:00:00',
        exclude: [],
        perPage: 3,
        page,
      });
      byPage.push(
        ...inWindow
          .slice((page - 1) * 3, page * 3)
          .map((order) => `${String(order.id)}@${String(order.date_modified_gmt)}Z`),
      );
    }
    const naiveVersions = new Set(byPage);
    const live = [...naive.orders.values()].filter((order) => order.status !== 'trash');
    const skipped = live
      .map((order) => `${String(order.id)}@${String(order.date_modified_gmt)}Z`)
      .filter((version) => {
        const at = Date.parse(version.split('@')[1]!);
        return at >= window.from.getTime() && at < window.to.getTime() && !naiveVersions.has(version);
      });
    expect(skipped.length).toBeGreaterThan(0);
  });

  it('replaces the short refund list with the full refunds', async () => {
    const fake = new FakeOrderStore().set(1005, '2026-03-01T11:15:27');
    const order = fixtureObject('orders/partially-refunded-short-refunds.json');
    fake.orders.set(1005, { ...order, date_modified_gmt: '2026-03-01T11:15:27' });
    fake.serve();
    store()
      .get(`${API}/orders/1005/refunds`)
      .query({ per_page: 100, page: 1 })
      .reply(...json(fixture('refunds/order-1005-refunds.json'), { 'x-wp-totalpages': '1' }));
    const { orders } = await pullAll(context(), 100);
    expect(orders).toHaveLength(1);
    const payload = orders[0]!.payload;
    expect(isJsonObject(payload) && payload.refunds).toEqual(fixture('refunds/order-1005-refunds.json'));
  });

  it('refuses a cursor it did not make', async () => {
    await expect(integration().listOrders(context(), { window, cursor: 'page=2' })).rejects.toThrow(
      'not made by the WooCommerce connector',
    );
  });

  it('stops with a protocol error when the store ignores the keyset and paging cannot move on', async () => {
    const stuck = Array.from({ length: 3 }, (_, index) => ({
      ...fixtureObject('orders/pending-guest-voucher.json'),
      id: index + 1,
      date_modified_gmt: '2026-03-01T10:00:00',
    }));
    store()
      .get(`${API}/orders`)
      .query(true)
      .times(2)
      .reply(...json(stuck, { 'x-wp-total': '9', 'x-wp-totalpages': '3' }));
    const woo = integration();
    const first = await woo.listOrders(context(), { window, cursor: null, pageSize: 3 });
    await expect(
      woo.listOrders(context(), { window, cursor: first.nextCursor, pageSize: 3 }),
    ).rejects.toThrow('order paging made no progress');
  });
});

describe('countOrders and fetchOrder', () => {
  it('counts live and trashed orders of the window from X-WP-Total', async () => {
    const query = {
      dates_are_gmt: 'true',
      modified_after: '2026-02-28T23:59:59',
      modified_before: '2026-03-02T00:00:00',
      per_page: '1',
    };
    store()
      .get(`${API}/orders`)
      .query({ ...query, status: 'any' })
      .reply(...json([], { 'x-wp-total': '57', 'x-wp-totalpages': '57' }))
      .get(`${API}/orders`)
      .query({ ...query, status: 'trash' })
      .reply(...json([], { 'x-wp-total': '2', 'x-wp-totalpages': '2' }));
    await expect(integration().countOrders(context(), window)).resolves.toBe(59);
  });

  it('fails loudly when X-WP-Total is missing', async () => {
    store()
      .get(`${API}/orders`)
      .query(true)
      .reply(...json([]));
    await expect(integration().countOrders(context(), window)).rejects.toThrow('without X-WP-Total');
  });

  it('fetches one order with its refunds; a trashed one is deleted; a missing one is null', async () => {
    store()
      .get(`${API}/orders/1005`)
      .reply(...json(fixtureObject('orders/partially-refunded-short-refunds.json')))
      .get(`${API}/orders/1005/refunds`)
      .query(true)
      .reply(...json(fixture('refunds/order-1005-refunds.json')))
      .get(`${API}/orders/1007`)
      .reply(...json(fixtureObject('orders/trashed.json')))
      .get(`${API}/orders/999999`)
      .reply(...wooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.'));
    const woo = integration();
    const refunded = await woo.fetchOrder(context(), '1005');
    expect(refunded).toMatchObject({ externalId: '1005', updatedAt: '2026-03-06T11:15:27Z', deleted: false });
    expect(woo.mapOrder(refunded!.payload).refunds.map((refund) => refund.lineItems.length)).toEqual([0, 1]);
    await expect(woo.fetchOrder(context(), '1007')).resolves.toMatchObject({
      externalId: '1007',
      deleted: true,
      updatedAt: '2026-03-03T11:00:05Z',
    });
    await expect(woo.fetchOrder(context(), '999999')).resolves.toBeNull();
  });
});
