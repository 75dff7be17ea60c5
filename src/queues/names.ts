/** Every BullMQ queue of the hub, named in one place. */
export const QUEUES = {
  /** Verified webhook deliveries → canonical orders. */
  ingest: 'ingest',
  /** Incremental sync, backfill and completeness checks, per integration. */
  sync: 'sync',
  /** Fulfilments, cancellations and stock levels going back to the channels. */
  push: 'push',
  /** Signed canonical events to downstream subscribers. */
  events: 'events',
  /** Relays and housekeeping: webhook inbox, push outbox, event outbox, retention. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** BullMQ priorities: lower runs first. A backfill never starves operational work. */
export const PRIORITY = { operational: 1, incremental: 5, backfill: 10 } as const;
