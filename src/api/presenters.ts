import type { Integration } from '../db/integration-store';
import type { SyncState } from '../db/sync-state-store';

/** An integration as the API shows it: never a credential. */
export function presentIntegration(integration: Integration, sync?: SyncState, nextRunAt?: string | null) {
  return {
    id: integration.id,
    platform: integration.platform,
    storeUrl: integration.storeUrl,
    status: integration.status,
    statusReason: integration.statusReason,
    options: integration.options,
    store: integration.facts,
    webhooks: integration.webhooks,
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
    ...(sync
      ? {
          sync: {
            lastRunAt: sync.lastRunAt,
            lastSuccessAt: sync.lastSuccessAt,
            lastError: sync.lastError,
            consecutiveFailures: sync.consecutiveFailures,
            cursor: sync.cursor,
            ordersSynced: sync.ordersSynced,
            nextRunAt: nextRunAt ?? null,
            backfill: sync.backfill,
            completeUntil: sync.completeUntil,
            completeness: sync.completeness,
          },
        }
      : {}),
  };
}
