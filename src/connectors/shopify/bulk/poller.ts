import { ChannelError } from '../../../core/errors';
import type { BulkExportStatus } from '../../../core/integration';
import type { Sleep } from '../../../core/retry-policy';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { SHOPIFY_PLATFORM } from '../platform';
import { BULK_OPERATION_BY_ID, CURRENT_BULK_OPERATION } from '../queries/bulk';
import { exportStatus, readBulkOperation, RUNNING_STATES } from './status';

export interface BulkTiming {
  sleep: Sleep;
  pollIntervalMs: number;
  maxPolls: number;
  startAttempts: number;
}

/** The state of one bulk operation, by id (`node(id:)`). */
export async function pollBulkOperation(
  client: ShopifyGraphqlClient,
  operationId: string,
): Promise<BulkExportStatus> {
  const data = await client.request(BULK_OPERATION_BY_ID, { id: operationId });
  const op = readBulkOperation(data.node);
  if (!op) {
    throw new ChannelError('not_found', `Shopify knows no bulk operation ${operationId}`, {
      platform: SHOPIFY_PLATFORM,
    });
  }
  return exportStatus(op);
}

/** Waits until the app's current bulk query (someone else's, or an earlier run of ours) is no longer running. */
export async function waitForCurrentBulkOperation(
  client: ShopifyGraphqlClient,
  timing: BulkTiming,
): Promise<void> {
  for (let poll = 0; poll < timing.maxPolls; poll++) {
    const data = await client.request(CURRENT_BULK_OPERATION);
    const op = readBulkOperation(data.currentBulkOperation);
    if (!op || !RUNNING_STATES.has(op.status)) return;
    client.ctx.log.info(
      { integrationId: client.ctx.integrationId, operationId: op.id, status: op.status },
      'waiting for the running Shopify bulk operation to finish',
    );
    await timing.sleep(timing.pollIntervalMs, client.ctx.signal);
  }
  throw new ChannelError(
    'unavailable',
    'another Shopify bulk operation is still running; try the export later',
    {
      platform: SHOPIFY_PLATFORM,
      retryAfterMs: timing.pollIntervalMs,
    },
  );
}
