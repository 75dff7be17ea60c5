import type { CatalogEntry, CatalogPage } from '../../core/integration';
import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json';
import { textAt } from '../../mappers/woocommerce/fields';
import { countHeader, type WooClient } from './http/client';
import { channelError } from './http/errors';
import { WOOCOMMERCE } from './platform';

/**
 * The store's SKUs: one page of products (100, by id) per call, with the variations of the variable
 * products on it. A variation whose `manage_stock` is "parent" tracks stock through its parent, so
 * it counts as managed and shows the parent's level. Products and variations without SKU are left out.
 */
export class Catalog {
  constructor(private readonly client: WooClient) {}

  async page(cursor: string | null): Promise<CatalogPage> {
    const page = cursor === null ? 1 : Number(cursor);
    if (!Number.isSafeInteger(page) || page < 1) {
      throw channelError('rejected', `not a catalog cursor: ${cursor}`);
    }
    const { items, more } = await this.list('products', page, { orderby: 'id', order: 'asc' });
    const entries: CatalogEntry[] = [];
    for (const product of items) {
      const productId = String(product.id);
      entries.push(...entry(product, productId, null));
      if (
        product.type === 'variable' ||
        (Array.isArray(product.variations) && product.variations.length > 0)
      ) {
        for (let variationPage = 1; ; variationPage++) {
          const variations = await this.list(`products/${productId}/variations`, variationPage, {});
          for (const variation of variations.items)
            entries.push(...entry(variation, productId, String(variation.id)));
          if (!variations.more) break;
        }
      }
    }
    return { entries, nextCursor: more ? String(page + 1) : null };
  }

  private async list(
    path: string,
    page: number,
    query: Record<string, string>,
  ): Promise<{ items: JsonObject[]; more: boolean }> {
    const response = await this.client.send({
      method: 'get',
      path,
      query: { ...query, per_page: WOOCOMMERCE.pageSize, page },
      what: `listing ${path} (page ${page})`,
    });
    if (!Array.isArray(response.body)) throw channelError('protocol', `${path} did not answer a list`);
    const totalPages = countHeader(response, WOOCOMMERCE.headers.totalPages);
    const more = totalPages === null ? response.body.length >= WOOCOMMERCE.pageSize : totalPages > page;
    return { items: response.body.filter(isJsonObject), more };
  }
}

function entry(record: JsonObject, productId: string, variationId: string | null): CatalogEntry[] {
  const sku = textAt(record.sku);
  if (sku === null) return [];
  return [
    {
      sku,
      productExternalId: productId,
      variantExternalId: variationId,
      inventoryItemExternalId: null,
      locationExternalIds: [],
      managesStock: record.manage_stock === true || record.manage_stock === 'parent',
      available: stockOf(record.stock_quantity),
    },
  ];
}

/** `stock_quantity`: an integer, null when not tracked, or a decimal with plugins (exact text then). */
export function stockOf(value: JsonValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}
