import { isChannelError } from '../../../core/errors';
import type { InventoryResult, InventoryTarget } from '../../../core/integration';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../core/json';
import { stockOf } from '../catalog';
import type { WooClient } from '../http/client';
import { channelError } from '../http/errors';
import { WOOCOMMERCE } from '../platform';

/** Where a stock level lives: a product, or a variation of a product. */
interface StockItem {
  productId: string;
  variationId: string | null;
}

/** One stock level to write, and the targets (SKUs) it answers for. */
interface Write {
  item: StockItem;
  available: number;
  previous: number | null;
  targets: number[];
}

type Outcome = Omit<InventoryResult, 'sku'>;

/**
 * Absolute stock levels through the batch endpoints (platforms E, G). Current levels are read first
 * so that what is already true is not written; products that do not track stock are skipped; a
 * variation whose `manage_stock` is "parent" shares its parent's stock, so the parent is written.
 * Batches hold at most 100 items; an item's own error in the 200 answer fails only that SKU.
 */
export class InventoryPush {
  constructor(private readonly client: WooClient) {}

  async set(targets: InventoryTarget[]): Promise<InventoryResult[]> {
    const outcomes: (Outcome | null)[] = targets.map(() => null);
    const current = await this.readCurrent(targets.map(itemOf));
    const writes = new Map<string, Write>();
    targets.forEach((target, index) => {
      const decided = plan(target, current, writes);
      if ('outcome' in decided) outcomes[index] = decided;
      else if (decided.write) decided.write.targets.push(index);
      else
        writes.set(key(decided.item), {
          item: decided.item,
          available: target.available,
          previous: decided.previous,
          targets: [index],
        });
    });

    for (const [path, group] of groupByEndpoint([...writes.values()])) {
      for (let start = 0; start < group.length; start += WOOCOMMERCE.batchLimit) {
        await this.writeBatch(path, group.slice(start, start + WOOCOMMERCE.batchLimit), outcomes);
      }
    }
    return targets.map((target, index) => ({
      sku: target.entry.sku,
      ...(outcomes[index] ?? failed(null, 'not written')),
    }));
  }

  /** One batch request; a store that lowered `woocommerce_rest_batch_items_limit` (413) gets halves. */
  private async writeBatch(path: string, writes: Write[], outcomes: (Outcome | null)[]): Promise<void> {
    let response;
    try {
      response = await this.client.send({
        method: 'post',
        path,
        body: {
          update: writes.map((write) => ({
            id: Number(write.item.variationId ?? write.item.productId),
            stock_quantity: write.available,
          })),
        },
        what: `setting the stock of ${writes.length} item(s)`,
        idempotent: true,
      });
    } catch (error) {
      if (!isChannelError(error) || error.meta.status !== 413 || writes.length < 2) throw error;
      const half = Math.ceil(writes.length / 2);
      await this.writeBatch(path, writes.slice(0, half), outcomes);
      await this.writeBatch(path, writes.slice(half), outcomes);
      return;
    }
    const answers =
      isJsonObject(response.body) && Array.isArray(response.body.update) ? response.body.update : [];
    writes.forEach((write, position) => {
      const answer = findAnswer(answers, write, position);
      const error = answer !== null && isJsonObject(answer.error) ? answer.error : null;
      const outcome: Outcome =
        answer === null
          ? failed(write.previous, `no answer for ${describe(write.item)}`)
          : error !== null
            ? failed(
                write.previous,
                `WooCommerce refused ${describe(write.item)}: ${String(error.code)}: ${String(error.message)}`,
              )
            : {
                outcome: 'applied',
                previous: write.previous,
                current: stockOf(answer.stock_quantity) ?? write.available,
                reason: null,
              };
      for (const index of write.targets) outcomes[index] = outcome;
    });
  }

  /** Current products and variations (with the parents of "parent"-managed ones), 100 ids a request. */
  private async readCurrent(items: StockItem[]): Promise<Map<string, JsonObject>> {
    const found = new Map<string, JsonObject>();
    const products = new Set(items.filter((item) => item.variationId === null).map((item) => item.productId));
    const parents = new Set(items.filter((item) => item.variationId !== null).map((item) => item.productId));
    for (const parent of parents) {
      const ids = items
        .filter((item) => item.productId === parent && item.variationId !== null)
        .map((item) => item.variationId!);
      for (const record of await this.readMany(`products/${parent}/variations`, [...new Set(ids)])) {
        found.set(key({ productId: parent, variationId: String(record.id) }), record);
        if (record.manage_stock === 'parent') products.add(parent);
      }
    }
    for (const record of await this.readMany('products', [...products])) {
      found.set(key({ productId: String(record.id), variationId: null }), record);
    }
    return found;
  }

  private async readMany(path: string, ids: string[]): Promise<JsonObject[]> {
    const records: JsonObject[] = [];
    for (let start = 0; start < ids.length; start += WOOCOMMERCE.pageSize) {
      const chunk = ids.slice(start, start + WOOCOMMERCE.pageSize);
      const response = await this.client.send({
        method: 'get',
        path,
        query: { include: chunk.join(','), per_page: WOOCOMMERCE.pageSize },
        what: `reading the stock of ${chunk.length} item(s)`,
      });
      if (!Array.isArray(response.body)) throw channelError('protocol', `${path} did not answer a list`);
      records.push(...response.body.filter(isJsonObject));
    }
    return records;
  }
}

/** What to do for one target: an outcome already, or a stock level to write (alone or with another SKU). */
function plan(
  target: InventoryTarget,
  current: Map<string, JsonObject>,
  writes: Map<string, Write>,
): Outcome | { item: StockItem; previous: number | null; write: Write | null } {
  let item = itemOf(target);
  let record = current.get(key(item));
  if (record?.manage_stock === 'parent' && item.variationId !== null) {
    item = { productId: item.productId, variationId: null };
    record = current.get(key(item));
  }
  if (record === undefined) return failed(null, `${describe(item)} is not in the store`);
  const previous = stockOf(record.stock_quantity);
  if (record.manage_stock !== true) {
    return {
      outcome: 'skipped',
      previous,
      current: previous,
      reason: `${describe(item)} does not track stock`,
    };
  }
  const write = writes.get(key(item)) ?? null;
  if (write !== null && write.available !== target.available) {
    return failed(
      previous,
      `${describe(item)} is set to ${write.available} by another SKU of this update (they share its stock)`,
    );
  }
  if (write === null && previous === target.available) {
    return { outcome: 'already_applied', previous, current: previous, reason: null };
  }
  return { item, previous, write };
}

function failed(previous: number | null, reason: string): Outcome {
  return { outcome: 'failed', previous, current: null, reason };
}

function itemOf(target: InventoryTarget): StockItem {
  return { productId: target.entry.productExternalId, variationId: target.entry.variantExternalId };
}

function key(item: StockItem): string {
  return item.variationId === null ? `p:${item.productId}` : `v:${item.productId}:${item.variationId}`;
}

function describe(item: StockItem): string {
  return item.variationId === null
    ? `product ${item.productId}`
    : `variation ${item.variationId} of product ${item.productId}`;
}

function groupByEndpoint(writes: Write[]): Map<string, Write[]> {
  const groups = new Map<string, Write[]>();
  for (const write of writes) {
    const path =
      write.item.variationId === null
        ? 'products/batch'
        : `products/${write.item.productId}/variations/batch`;
    groups.set(path, [...(groups.get(path) ?? []), write]);
  }
  return groups;
}

/** The batch answer lists items in request order; the id confirms the match when present. */
function findAnswer(answers: JsonValue[], write: Write, position: number): JsonObject | null {
  const id = write.item.variationId ?? write.item.productId;
  const byId = answers.find((answer) => isJsonObject(answer) && String(answer.id) === id);
  const answer = byId ?? answers[position];
  return answer !== undefined && isJsonObject(answer) ? answer : null;
}
