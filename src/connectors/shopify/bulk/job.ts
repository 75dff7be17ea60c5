import { ChannelError } from '../../../core/errors';
import type { OrderWindow } from '../../../core/integration';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { objectAt, userErrorsAt, userErrorsMessage, type UserError } from '../graphql/answer';
import { SHOPIFY_PLATFORM } from '../platform';
import { BULK_RUN_QUERY } from '../queries/bulk';
import { waitForCurrentBulkOperation, type BulkTiming } from './poller';
import { bulkOrdersQuery } from './query-builder';

function alreadyInProgress(errors: UserError[]): boolean {
  return errors.some((e) => e.code === 'OPERATION_IN_PROGRESS' || /already in progress/i.test(e.message));
}

/**
 * Starts the bulk export of a window. One bulk query runs at a time per app and shop: when one is
 * already in progress, waits for it to finish (polling `currentBulkOperation`) and tries again.
 */
export async function startBulkExport(
  client: ShopifyGraphqlClient,
  window: OrderWindow,
  timing: BulkTiming,
): Promise<{ operationId: string }> {
  const query = bulkOrdersQuery(window);
  for (let attempt = 1; attempt <= timing.startAttempts; attempt++) {
    const data = await client.request(BULK_RUN_QUERY, { query });
    const payload = objectAt(data.bulkOperationRunQuery);
    const operation = objectAt(payload?.bulkOperation);
    if (typeof operation?.id === 'string') return { operationId: operation.id };
    const errors = userErrorsAt(payload).filter((e) => e.message !== '');
    if (!alreadyInProgress(errors)) {
      throw new ChannelError(
        'rejected',
        `Shopify refused the bulk export: ${userErrorsMessage(errors) || 'no reason given'}`,
        {
          platform: SHOPIFY_PLATFORM,
        },
      );
    }
    await waitForCurrentBulkOperation(client, timing);
  }
  throw new ChannelError('unavailable', 'Shopify kept reporting another bulk operation in progress', {
    platform: SHOPIFY_PLATFORM,
    retryAfterMs: timing.pollIntervalMs,
  });
}
