import { shopifyDocument } from '../graphql/document';

export const ORDER_CANCEL_STATE = shopifyDocument(
  'OrderCancelState',
  1,
  `query OrderCancelState($id: ID!) {
    order(id: $id) { id cancelledAt }
  }`,
);

/**
 * `refund` is deprecated from 2025-07 in favour of `refundMethod` but still accepted; the hub's
 * cancel never moves money, so it sends `refund: false`, which both the 2025-01 schema and the
 * pinned version take.
 */
export const ORDER_CANCEL = shopifyDocument(
  'OrderCancel',
  10,
  `mutation OrderCancel(
    $orderId: ID!, $reason: OrderCancelReason!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String
  ) {
    orderCancel(
      orderId: $orderId, reason: $reason, refund: false, restock: $restock,
      notifyCustomer: $notifyCustomer, staffNote: $staffNote
    ) {
      job { id done }
      orderCancelUserErrors { field message code }
    }
  }`,
);

export const JOB_STATUS = shopifyDocument(
  'JobStatus',
  1,
  `query JobStatus($id: ID!) {
    job(id: $id) { id done }
  }`,
);
