import { WebhookPayloadError } from '../core/errors';
import type { RawOrder, WebhookEvent } from '../core/integration';
import type { Integration } from '../db/integration-store';
import type { DeliveryRecord, DeliveryStatus } from '../db/webhook-delivery-store';
import { MicroBatcher } from '../services/micro-batch';
import { IntegrationCache } from './integration-cache';
import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { removeSyncSchedules } from '../queues/sync-schedules';
import { connectorContextFor } from '../services/connector-context';
import { type OrderWriter, UnusableOrderError } from '../services/order-writer';
import { PrivacyService } from '../services/privacy-service';
import { type IngestJobData, decodeBody } from './ingest-job';

/**
 * An ingest worker's work for one delivery: read the event through the connector, fetch the full
 * order when the event carries less than the mapper needs, map, upsert (history and downstream
 * events come with the upsert), and record the raw delivery with its outcome.
 */
export class IngestProcessor {
  private readonly privacy: PrivacyService;
  private readonly integrations: IntegrationCache;
  private readonly deliveries: MicroBatcher<
    { record: DeliveryRecord; status: DeliveryStatus; reason: string },
    string | null
  >;

  constructor(
    private readonly hub: Hub,
    private readonly writer: OrderWriter,
  ) {
    this.privacy = new PrivacyService(hub);
    this.integrations = new IntegrationCache(hub, 5_000);
    this.deliveries = new MicroBatcher((items) => this.hub.stores.webhookDeliveries.recordMany(items));
  }

  async process(job: IngestJobData): Promise<{ status: DeliveryStatus; detail: string }> {
    const integration = (await this.integrations.get(job.integrationId))?.integration;
    if (!integration || integration.deletedAt)
      return this.finish(job, 'ignored', 'the integration was disconnected');
    const connector = this.hub.registry.get(job.platform);
    const rawBody = decodeBody(job);

    let event: WebhookEvent;
    try {
      event = connector.parseWebhook({ headers: job.headers, rawBody });
    } catch (error) {
      if (error instanceof WebhookPayloadError) return this.finish(job, 'quarantined', error.message);
      throw error;
    }
    const { status, detail } = await this.handle(integration, event).catch((error: unknown) => {
      // An order the hub cannot map or store stays so: the delivery is kept for inspection, not retried for hours.
      if (error instanceof UnusableOrderError)
        return { status: 'quarantined' as const, detail: error.message };
      throw error;
    });
    const result = await this.finish(
      job,
      status,
      detail,
      event.kind === 'order' ? event.orderExternalId : null,
    );
    // A replay's lag is the age of the stored delivery, not how long ingestion took.
    if (event.kind === 'order' && status === 'processed' && !job.replay)
      this.hub.metrics.ingestLag.observe({ platform: job.platform }, (Date.now() - job.receivedAt) / 1000);
    return result;
  }

  private async handle(
    integration: Integration,
    event: WebhookEvent,
  ): Promise<{ status: DeliveryStatus; detail: string }> {
    const connector = this.hub.registry.get(integration.platform);
    switch (event.kind) {
      case 'order': {
        let raw: RawOrder | null =
          event.payload === null
            ? null
            : {
                externalId: event.orderExternalId,
                updatedAt: event.orderUpdatedAt ?? '',
                payload: event.payload,
                deleted: event.deleted,
              };
        if (raw === null) {
          const ctx = await connectorContextFor(this.hub, integration, 'operational');
          raw = await connector.fetchOrder(ctx, event.orderExternalId);
          if (raw === null) {
            await this.hub.stores.orders.markDeleted(
              integration.id,
              event.orderExternalId,
              new Date().toISOString(),
              'webhook',
            );
            return {
              status: 'processed',
              detail: `order ${event.orderExternalId} no longer exists on the channel`,
            };
          }
          if (event.deleted) raw = { ...raw, deleted: true };
        }
        const written = await this.writer.writeOne(integration, raw);
        return {
          status: 'processed',
          detail: written ? `order ${written.outcome} (version ${written.version})` : 'no newer version',
        };
      }
      case 'uninstalled':
        await this.hub.stores.integrations.update(integration.id, {
          status: 'disconnected',
          statusReason: 'the app was uninstalled from the store',
        });
        await removeSyncSchedules(this.hub.queues[QUEUES.sync], integration.id);
        return { status: 'processed', detail: 'integration disconnected' };
      case 'customer_redact': {
        const n = await this.privacy.redactCustomer(integration.id, event);
        return { status: 'processed', detail: `personal data removed from ${n} orders` };
      }
      case 'shop_redact': {
        const n = await this.privacy.redactStore(integration.id);
        return { status: 'processed', detail: `personal data removed from ${n} orders` };
      }
      case 'customer_data_request': {
        const n = await this.privacy.countCustomerOrders(integration.id, event);
        return {
          status: 'processed',
          detail: `data request recorded: the hub holds ${n} orders of this customer`,
        };
      }
      case 'catalog_changed':
        await this.hub.queues[QUEUES.push].add(
          'catalog',
          { integrationId: integration.id },
          { jobId: `catalog-${integration.id}-${Math.floor(Date.now() / 60_000)}` },
        );
        return { status: 'processed', detail: 'catalog refresh queued' };
      case 'bulk_operation_finished':
        return {
          status: 'processed',
          detail: `bulk operation ${event.operationId} finished; the backfill job picks it up`,
        };
      case 'ignored':
        return { status: 'ignored', detail: event.reason };
    }
  }

  private async finish(
    job: IngestJobData,
    status: DeliveryStatus,
    detail: string,
    orderExternalId: string | null = null,
  ): Promise<{ status: DeliveryStatus; detail: string }> {
    const deliveries = this.hub.stores.webhookDeliveries;
    if (job.deliveryRowId) {
      await deliveries.setStatus(job.deliveryRowId, status, detail);
    } else {
      const id = await this.deliveries.submit({
        record: {
          integrationId: job.integrationId,
          platform: job.platform,
          topic: job.topic,
          deliveryKey: job.deliveryKey,
          eventKey: job.eventKey,
          orderExternalId,
          receivedAt: new Date(job.receivedAt),
          headers: job.headers,
          body: decodeBody(job),
        },
        status,
        reason: detail,
      });
      if (id === null && job.replay) {
        const existing = await deliveries.findByKey(job.integrationId, job.deliveryKey);
        if (existing) await deliveries.setStatus(existing.id, status, `replayed: ${detail}`);
      }
    }
    return { status, detail };
  }
}
