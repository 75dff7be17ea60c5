import type { CatalogEntry, InventoryTarget } from '../../../src/core/integration';
import type { JsonObject } from '../../../src/core/json';
import { API, context, integration, json, setUpNock, store } from './helpers';

setUpNock();

function product(
  id: number,
  stock: number | null,
  manage: boolean | 'parent' = true,
  extra: JsonObject = {},
): JsonObject {
  return {
    id,
    name: `Product ${id}`,
    type: 'simple',
    sku: `SKU-${id}`,
    manage_stock: manage,
    stock_quantity: stock,
    stock_status: 'instock',
    ...extra,
  };
}

function target(productId: number, available: number, variationId: number | null = null): InventoryTarget {
  const entry: CatalogEntry = {
    sku: variationId === null ? `SKU-${productId}` : `SKU-${productId}-${variationId}`,
    productExternalId: String(productId),
    variantExternalId: variationId === null ? null : String(variationId),
    inventoryItemExternalId: null,
    locationExternalIds: [],
    managesStock: true,
    available: null,
  };
  return { entry, available, locationExternalId: null };
}

/** Captures each batch body the store receives (nock 15 hands reply functions no parsed body). */
function batchBodies(
  path: string,
  count: number,
  answer: (body: { update: { id: number; stock_quantity: number }[] }) => JsonObject,
) {
  const bodies: { update: { id: number; stock_quantity: number }[] }[] = [];
  store()
    .post(path, (body: { update: { id: number; stock_quantity: number }[] }) => {
      bodies.push(body);
      return true;
    })
    .times(count)
    .reply(() => json(answer(bodies[bodies.length - 1]!)));
  return bodies;
}

describe('setInventory', () => {
  it('splits more than 100 products into batches of at most 100, after reading their stock 100 ids at a time', async () => {
    const ids = Array.from({ length: 150 }, (_, index) => 1000 + index);
    const includes: string[] = [];
    store()
      .get(`${API}/products`)
      .query((query) => {
        includes.push(String(query.include));
        return query.per_page === '100';
      })
      .times(2)
      .reply(() => {
        const asked = includes[includes.length - 1]!.split(',').map(Number);
        return json(asked.map((id) => product(id, 5)));
      });
    const bodies = batchBodies(`${API}/products/batch`, 2, (body) => ({
      update: body.update.map((item) => product(item.id, item.stock_quantity)),
    }));
    const results = await integration().setInventory(
      context(),
      ids.map((id) => target(id, 7)),
    );
    expect(includes.map((list) => list.split(',').length)).toEqual([100, 50]);
    expect(bodies.map((body) => body.update.length)).toEqual([100, 50]);
    expect(bodies[0]!.update[0]).toEqual({ id: 1000, stock_quantity: 7 });
    expect(results).toHaveLength(150);
    expect(
      results.every(
        (result) => result.outcome === 'applied' && result.previous === 5 && result.current === 7,
      ),
    ).toBe(true);
  });

  it('skips what is already true and what does not track stock, and reports per-item errors', async () => {
    store()
      .get(`${API}/products`)
      .query(true)
      .reply(...json([product(1, 4), product(2, 9), product(3, null, false)]));
    batchBodies(`${API}/products/batch`, 1, () => ({
      update: [
        {
          id: 1,
          error: {
            code: 'woocommerce_rest_product_invalid_id',
            message: 'Invalid ID.',
            data: { status: 400 },
          },
        },
      ],
    }));
    const results = await integration().setInventory(context(), [
      target(1, 6),
      target(2, 9),
      target(3, 1),
      target(4, 2),
    ]);
    expect(results).toEqual([
      {
        sku: 'SKU-1',
        outcome: 'failed',
        previous: 4,
        current: null,
        reason: 'WooCommerce refused product 1: woocommerce_rest_product_invalid_id: Invalid ID.',
      },
      { sku: 'SKU-2', outcome: 'already_applied', previous: 9, current: 9, reason: null },
      {
        sku: 'SKU-3',
        outcome: 'skipped',
        previous: null,
        current: null,
        reason: 'product 3 does not track stock',
      },
      {
        sku: 'SKU-4',
        outcome: 'failed',
        previous: null,
        current: null,
        reason: 'product 4 is not in the store',
      },
    ]);
  });

  it('writes variations through their product’s variation batch, and a "parent"-managed variation to its parent', async () => {
    store()
      .get(`${API}/products/17/variations`)
      .query({ include: '18,20', per_page: '100' })
      .reply(
        ...json([
          product(18, 6, true, { type: 'variation' }),
          product(20, 29, 'parent', { type: 'variation' }),
        ]),
      )
      .get(`${API}/products`)
      .query({ include: '17', per_page: '100' })
      .reply(...json([product(17, 29, true, { type: 'variable' })]));
    const variationBodies = batchBodies(`${API}/products/17/variations/batch`, 1, (body) => ({
      update: body.update.map((item) => product(item.id, item.stock_quantity)),
    }));
    const productBodies = batchBodies(`${API}/products/batch`, 1, (body) => ({
      update: body.update.map((item) => product(item.id, item.stock_quantity)),
    }));
    const results = await integration().setInventory(context(), [target(17, 12, 18), target(17, 40, 20)]);
    expect(variationBodies).toEqual([{ update: [{ id: 18, stock_quantity: 12 }] }]);
    expect(productBodies).toEqual([{ update: [{ id: 17, stock_quantity: 40 }] }]);
    expect(results.map((result) => [result.outcome, result.previous, result.current])).toEqual([
      ['applied', 6, 12],
      ['applied', 29, 40],
    ]);
  });

  it('refuses two SKUs that set one shared stock to different levels', async () => {
    store()
      .get(`${API}/products/17/variations`)
      .query(true)
      .reply(...json([product(20, 29, 'parent'), product(21, 29, 'parent')]))
      .get(`${API}/products`)
      .query({ include: '17', per_page: '100' })
      .reply(...json([product(17, 29, true, { type: 'variable' })]));
    const bodies = batchBodies(`${API}/products/batch`, 1, (body) => ({
      update: body.update.map((item) => product(item.id, item.stock_quantity)),
    }));
    const results = await integration().setInventory(context(), [target(17, 30, 20), target(17, 31, 21)]);
    expect(bodies).toEqual([{ update: [{ id: 17, stock_quantity: 30 }] }]);
    expect(results.map((result) => [result.outcome, result.reason])).toEqual([
      ['applied', null],
      ['failed', 'product 17 is set to 30 by another SKU of this update (they share its stock)'],
    ]);
  });

  it('halves a batch the store refuses as too large (413)', async () => {
    store()
      .get(`${API}/products`)
      .query(true)
      .reply(...json([product(1, 0), product(2, 0), product(3, 0)]))
      .post(`${API}/products/batch`)
      .reply(
        413,
        JSON.stringify({
          code: 'woocommerce_rest_request_entity_too_large',
          message: 'Unable to accept more than 2 items for this request.',
          data: { status: 413 },
        }),
        {
          'content-type': 'application/json',
        },
      );
    const bodies = batchBodies(`${API}/products/batch`, 2, (body) => ({
      update: body.update.map((item) => product(item.id, item.stock_quantity)),
    }));
    const results = await integration().setInventory(context(), [target(1, 1), target(2, 2), target(3, 3)]);
    expect(bodies.map((body) => body.update.map((item) => item.id))).toEqual([[1, 2], [3]]);
    expect(results.map((result) => result.outcome)).toEqual(['applied', 'applied', 'applied']);
  });
});

describe('listCatalog', () => {
  it('maps SKUs to products and variations, skips empty SKUs, and pages', async () => {
    store()
      .get(`${API}/products`)
      .query({ orderby: 'id', order: 'asc', per_page: '100', page: '1' })
      .reply(
        ...json(
          [
            product(12, 80),
            product(15, null, false, { sku: '' }),
            product(17, 29, true, { type: 'variable', sku: 'HOODIE', variations: [18, 20] }),
            product(21, '16.5' as never, true, { sku: 'DECIMAL-STOCK' }),
          ],
          { 'x-wp-totalpages': '2' },
        ),
      )
      .get(`${API}/products/17/variations`)
      .query({ per_page: '100', page: '1' })
      .reply(
        ...json(
          [
            product(18, 6, true, { sku: 'HOODIE-S' }),
            product(20, 29, 'parent', { sku: 'HOODIE-L' }),
            product(22, null, false, { sku: '' }),
          ],
          { 'x-wp-totalpages': '1' },
        ),
      );
    const page = await integration().listCatalog(context(), null);
    const common = { inventoryItemExternalId: null, locationExternalIds: [] };
    expect(page).toEqual({
      nextCursor: '2',
      entries: [
        {
          sku: 'SKU-12',
          productExternalId: '12',
          variantExternalId: null,
          managesStock: true,
          available: 80,
          ...common,
        },
        {
          sku: 'HOODIE',
          productExternalId: '17',
          variantExternalId: null,
          managesStock: true,
          available: 29,
          ...common,
        },
        {
          sku: 'HOODIE-S',
          productExternalId: '17',
          variantExternalId: '18',
          managesStock: true,
          available: 6,
          ...common,
        },
        {
          sku: 'HOODIE-L',
          productExternalId: '17',
          variantExternalId: '20',
          managesStock: true,
          available: 29,
          ...common,
        },
        {
          sku: 'DECIMAL-STOCK',
          productExternalId: '21',
          variantExternalId: null,
          managesStock: true,
          available: 16.5,
          ...common,
        },
      ],
    });
  });

  it('ends on the last page', async () => {
    store()
      .get(`${API}/products`)
      .query({ orderby: 'id', order: 'asc', per_page: '100', page: '2' })
      .reply(...json([product(30, 1)], { 'x-wp-totalpages': '2' }));
    const page = await integration().listCatalog(context(), '2');
    expect(page.nextCursor).toBeNull();
    expect(page.entries.map((entry) => entry.sku)).toEqual(['SKU-30']);
  });
});
