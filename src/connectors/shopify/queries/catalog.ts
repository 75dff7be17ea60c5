import { shopifyDocument } from '../graphql/document';
import { PAGE_SIZES } from '../platform';

/** Variants with their SKU, inventory item and the locations that stock it. */
export const CATALOG_PAGE = shopifyDocument(
  'CatalogPage',
  640,
  `query CatalogPage($after: String) {
    productVariants(first: ${PAGE_SIZES.catalogVariants}, after: $after, sortKey: ID) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id sku inventoryQuantity
        product { id }
        inventoryItem {
          id tracked
          inventoryLevels(first: ${PAGE_SIZES.catalogLocationsPerItem}) { nodes { location { id } } }
        }
      }
    }
  }`,
);
