import type { Job } from 'bullmq';
import { EventDelivery } from '../events/event-delivery';
import type { Hub } from '../hub';
import { PushProcessor } from '../push/push-processor';
import { OrderWriter } from '../services/order-writer';
import { SyncProcessor } from '../sync/sync-processor';
import { IngestProcessor } from '../webhooks/ingest-processor';
import type { IngestJobData } from '../webhooks/ingest-job';
import type { SyncJobData } from './sync-schedules';
import { QUEUES } from './names';
import type { QueueProcessor } from './worker-host';

/** What each queue's workers do, and how many jobs of each run at once in one process. */
export function buildProcessors(hub: Hub): QueueProcessor[] {
  const writer = new OrderWriter(hub);
  const ingest = new IngestProcessor(hub, writer);
  const sync = new SyncProcessor(hub, writer);
  const push = new PushProcessor(hub, writer);
  const events = new EventDelivery(hub);
  return [
    {
      queue: QUEUES.ingest,
      concurrency: hub.config.ingestConcurrency,
      process: (job: Job) => ingest.process(job.data as IngestJobData),
    },
    { queue: QUEUES.sync, concurrency: 4, process: (job: Job) => sync.process(job as Job<SyncJobData>) },
    { queue: QUEUES.push, concurrency: 8, process: (job: Job) => push.process(job) },
    {
      queue: QUEUES.events,
      concurrency: 8,
      process: (job: Job) => events.process(job as Job<{ subscriptionId: string }>),
    },
  ];
}
