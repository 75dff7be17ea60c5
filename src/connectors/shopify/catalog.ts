import { toExternalId } from '../../core/ids';
import type { CatalogEntry, CatalogPage } from '../../core/integration';
import { objectAt } from './graphql/answer';
import type { ShopifyGraphqlClient } from './graphql/client';
import { readConnection } from './orders/connection-pages';
import { CATALOG_PAGE } from './queries/catalog';

/** One page of variants with a SKU: product, variant, inventory item and the locations stocking it. */
export async function listCatalog(client: ShopifyGraphqlClient, cursor: string | null): Promise<CatalogPage> {
  const data = await client.request(CATALOG_PAGE, { after: cursor });
  const page = readConnection(data.productVariants);
  const entries: CatalogEntry[] = [];
  for (const variant of page.nodes) {
    const sku = typeof variant.sku === 'string' ? variant.sku.trim() : '';
    const productId = toExternalId(objectAt(variant.product)?.id);
    if (sku === '' || productId === null) continue;
    const item = objectAt(variant.inventoryItem);
    entries.push({
      sku,
      productExternalId: productId,
      variantExternalId: toExternalId(variant.id),
      inventoryItemExternalId: toExternalId(item?.id),
      locationExternalIds: readConnection(item?.inventoryLevels)
        .nodes.map((level) => toExternalId(objectAt(level.location)?.id))
        .filter((id): id is string => id !== null),
      managesStock: item?.tracked === true,
      available: typeof variant.inventoryQuantity === 'number' ? variant.inventoryQuantity : null,
    });
  }
  return { entries, nextCursor: page.hasNextPage ? page.endCursor : null };
}
