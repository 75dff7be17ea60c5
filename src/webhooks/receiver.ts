import { WebhookPayloadError } from '../core/errors';
import type { WebhookEvent } from '../core/integration';
import type { Hub } from '../hub';
import { type IngestJobData, encodeBody, keptHeaders } from './ingest-job';
import { DeliveryAcceptor } from './acceptor';
import type { IntegrationCache } from './integration-cache';
export { INGEST_JOB_OPTIONS } from './ingest-options';

export type ReceiveOutcome =
  | 'accepted'
  | 'duplicate'
  | 'ping'
  | 'rejected'
  | 'quarantined'
  | 'inbox'
  | 'unavailable'
  | 'unknown_integration';

export interface ReceiveResult {
  status: number;
  outcome: ReceiveOutcome;
  message: string;
}

/**
 * POST /webhooks/{platform}/{integrationId}: verify on the raw bytes, read just enough to name the
 * delivery, deduplicate, accept durably (BullMQ, or the PostgreSQL inbox when Redis is away), answer.
 * Mapping and the order write happen after the answer, in the ingest workers.
 */
export class WebhookReceiver {
  private readonly acceptor: DeliveryAcceptor;

  constructor(
    private readonly hub: Hub,
    private readonly integrations: IntegrationCache,
  ) {
    this.acceptor = new DeliveryAcceptor(hub);
  }

  async receive(
    platform: string,
    integrationId: string,
    rawHeaders: Readonly<Record<string, string | string[] | undefined>>,
    rawBody: Buffer,
  ): Promise<ReceiveResult> {
    const receivedAt = Date.now();
    if (!this.hub.registry.has(platform))
      return this.result(platform, 404, 'unknown_integration', 'unknown platform');
    const connector = this.hub.registry.get(platform);

    let found;
    try {
      found = await this.integrations.get(integrationId);
    } catch {
      found = this.integrations.stale(integrationId);
      if (!found)
        return this.result(platform, 503, 'unavailable', 'the hub cannot look up this integration right now');
    }
    if (!found || found.integration.platform !== platform) {
      return this.result(platform, 404, 'unknown_integration', 'no such integration');
    }

    const headers = flattenHeaders(rawHeaders);
    const request = { headers, rawBody };
    const verdict = connector.verifyWebhook(request, found.credentials);
    if (verdict.kind === 'ping') return this.result(platform, 200, 'ping', 'pong');
    if (verdict.kind === 'rejected') {
      const why =
        verdict.reason === 'missing_signature'
          ? 'the signature header is missing'
          : 'the signature does not match';
      return this.result(platform, 401, 'rejected', why);
    }

    let event: WebhookEvent;
    try {
      event = connector.parseWebhook(request);
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) throw error;
      return this.quarantine(platform, integrationId, headers, rawBody, receivedAt, error.message);
    }

    const job: IngestJobData = {
      integrationId,
      platform,
      topic: event.topic,
      deliveryKey: event.deliveryKey,
      eventKey: event.eventKey,
      receivedAt,
      headers: keptHeaders(rawHeaders),
      ...encodeBody(rawBody),
    };

    try {
      const outcome = await this.acceptor.accept(job);
      return outcome === 'duplicate'
        ? this.result(platform, 200, 'duplicate', 'already received')
        : this.result(platform, 200, 'accepted', 'accepted');
    } catch {
      return this.toInbox(platform, job, rawBody, event);
    }
  }

  /** Redis is unreachable: keep the delivery in PostgreSQL; the inbox relay queues it when Redis is back. */
  private async toInbox(
    platform: string,
    job: IngestJobData,
    rawBody: Buffer,
    event: WebhookEvent,
  ): Promise<ReceiveResult> {
    try {
      const id = await this.hub.stores.webhookDeliveries.record(
        {
          integrationId: job.integrationId,
          platform,
          topic: job.topic,
          deliveryKey: job.deliveryKey,
          eventKey: job.eventKey,
          orderExternalId: event.kind === 'order' ? event.orderExternalId : null,
          receivedAt: new Date(job.receivedAt),
          headers: job.headers,
          body: rawBody,
        },
        'inbox',
      );
      return id === null
        ? this.result(platform, 200, 'duplicate', 'already received')
        : this.result(platform, 200, 'inbox', 'accepted');
    } catch {
      return this.result(
        platform,
        503,
        'unavailable',
        'the hub cannot durably accept deliveries right now; deliver again later',
      );
    }
  }

  private async quarantine(
    platform: string,
    integrationId: string,
    headers: Record<string, string | undefined>,
    rawBody: Buffer,
    receivedAt: number,
    reason: string,
  ): Promise<ReceiveResult> {
    try {
      await this.hub.stores.webhookDeliveries.record(
        {
          integrationId,
          platform,
          topic: headers['x-shopify-topic'] ?? headers['x-wc-webhook-topic'] ?? 'unknown',
          deliveryKey: `quarantine:${receivedAt}:${Math.random().toString(36).slice(2)}`,
          eventKey: null,
          orderExternalId: null,
          receivedAt: new Date(receivedAt),
          headers: keptHeaders(headers),
          body: rawBody,
        },
        'quarantined',
        reason,
      );
    } catch {
      return this.result(
        platform,
        503,
        'unavailable',
        'the hub cannot keep this delivery right now; deliver again later',
      );
    }
    return this.result(platform, 400, 'quarantined', `the body is not an order the hub can read: ${reason}`);
  }

  private result(platform: string, status: number, outcome: ReceiveOutcome, message: string): ReceiveResult {
    this.hub.metrics.webhookDeliveries.inc({ platform, outcome });
    return { status, outcome, message };
  }
}

function flattenHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return flat;
}
