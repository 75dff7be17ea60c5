import { shopifyDocument } from '../graphql/document';
import { PAGE_SIZES } from '../platform';

/** Without an id, `location` is the shop's primary location. */
export const PRIMARY_LOCATION = shopifyDocument(
  'PrimaryLocation',
  1,
  `query PrimaryLocation {
    location { id }
  }`,
);

/** Current `available` of up to PAGE_SIZES.inventoryReads items at one location. */
export const INVENTORY_LEVELS = shopifyDocument(
  'InventoryLevels',
  400,
  `query InventoryLevels($ids: [ID!]!, $locationId: ID!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id tracked
        inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
      }
    }
  }`,
);

/**
 * Absolute set with compare-and-swap. From 2026-04 every quantity carries `changeFromQuantity`
 * (the value read just before; see PINNED_VERSION_ONLY), which replaces `compareQuantity`.
 */
export const INVENTORY_SET_QUANTITIES = shopifyDocument(
  'InventorySetQuantities',
  10,
  `mutation InventorySetQuantities($input: InventorySetQuantitiesInput!) {
    inventorySetQuantities(input: $input) {
      inventoryAdjustmentGroup { reason changes { name delta } }
      userErrors { field message code }
    }
  }`,
);

export const INVENTORY_READ_BATCH = PAGE_SIZES.inventoryReads;
