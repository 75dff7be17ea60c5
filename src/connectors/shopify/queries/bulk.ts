import { shopifyDocument } from '../graphql/document';

const BULK_OPERATION = 'id status errorCode objectCount url partialDataUrl';

/** Grouped output: an order's child rows follow it, so the reader can hand out each order once complete. */
export const BULK_RUN_QUERY = shopifyDocument(
  'BulkRunQuery',
  10,
  `mutation BulkRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`,
);

export const CURRENT_BULK_OPERATION = shopifyDocument(
  'CurrentBulkOperation',
  2,
  `query CurrentBulkOperation {
    currentBulkOperation(type: QUERY) { ${BULK_OPERATION} }
  }`,
);

export const BULK_OPERATION_BY_ID = shopifyDocument(
  'BulkOperationById',
  2,
  `query BulkOperationById($id: ID!) {
    node(id: $id) { ... on BulkOperation { ${BULK_OPERATION} } }
  }`,
);
