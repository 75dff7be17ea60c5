import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric the hub exports at /metrics, declared in one place. */
export class HubMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'hub_webhook_deliveries_total',
    help: 'Webhook deliveries by platform and outcome (accepted, duplicate, ping, rejected, quarantined, inbox, unavailable, unknown_integration)',
    labelNames: ['platform', 'outcome'],
    registers: [this.registry],
  });

  readonly ingestLag = new Histogram({
    name: 'hub_ingest_lag_seconds',
    help: 'Time from a webhook delivery being received to its order being stored',
    labelNames: ['platform'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly ordersWritten = new Counter({
    name: 'hub_orders_written_total',
    help: 'Orders created or updated, by platform and source',
    labelNames: ['platform', 'source', 'outcome'],
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'hub_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });

  readonly syncLag = new Gauge({
    name: 'hub_sync_lag_seconds',
    help: 'Seconds since the last successful incremental sync, per integration',
    labelNames: ['integration', 'platform'],
    registers: [this.registry],
  });

  readonly completeUntil = new Gauge({
    name: 'hub_complete_until_timestamp_seconds',
    help: 'Orders of the integration are known complete up to this time (completeness check)',
    labelNames: ['integration', 'platform'],
    registers: [this.registry],
  });

  readonly rateWaits = new Histogram({
    name: 'hub_rate_governor_wait_seconds',
    help: 'Time requests waited for a store’s rate budget, by lane',
    labelNames: ['lane'],
    buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  readonly pushes = new Counter({
    name: 'hub_pushes_total',
    help: 'Push-backs to channels by kind and outcome',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [this.registry],
  });

  readonly eventDeliveries = new Counter({
    name: 'hub_event_deliveries_total',
    help: 'Downstream event deliveries by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }
}
