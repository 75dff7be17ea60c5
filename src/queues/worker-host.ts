import { type Job, type Processor, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JsonValue } from '../core/json';
import type { Hub } from '../hub';
import { hubBackoff, toJobError } from './job-failure';
import type { QueueName } from './names';
import { workerConnection } from './redis';

export interface QueueProcessor {
  queue: QueueName;
  concurrency: number;
  process: (job: Job) => Promise<unknown>;
  /** Rate-limit the whole queue (jobs per duration), where a downstream cannot take more. */
  limiter?: { max: number; duration: number };
}

/**
 * The worker role: one BullMQ worker per queue, a dead letter for every job that used its last
 * attempt, and a graceful stop (SIGTERM: stop taking work, let in-flight jobs finish, close).
 */
export class WorkerHost {
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];

  constructor(private readonly hub: Hub) {}

  start(processors: QueueProcessor[]): void {
    for (const p of processors) {
      const connection = workerConnection(this.hub.config.redisUrl);
      connection.on('error', () => undefined);
      this.connections.push(connection);
      const processor: Processor = async (job) => {
        try {
          return await p.process(job);
        } catch (error) {
          throw toJobError(error);
        }
      };
      const worker = new Worker(p.queue, processor, {
        connection,
        prefix: this.hub.config.redisPrefix,
        concurrency: p.concurrency,
        settings: { backoffStrategy: hubBackoff },
        // A worker that dies mid-job stops renewing its lock; the stalled check (twice per lock
        // period) then gives the job to another worker.
        lockDuration: this.hub.config.workerLockDurationMs,
        stalledInterval: Math.max(1, Math.floor(this.hub.config.workerLockDurationMs / 2)),
        maxStalledCount: 3,
        ...(p.limiter ? { limiter: p.limiter } : {}),
      });
      worker.on('failed', (job, error) => void this.onFailed(p.queue, job, error));
      worker.on('error', (error) =>
        this.hub.log.warn({ queue: p.queue, err: error.message }, 'worker error'),
      );
      this.workers.push(worker);
    }
  }

  private async onFailed(queue: QueueName, job: Job | undefined, error: Error): Promise<void> {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    this.hub.log.warn(
      { queue, jobId: job.id, attempt: job.attemptsMade, final, err: error.message },
      'job failed',
    );
    if (!final) return;
    const data = job.data as { integrationId?: string; tenantId?: string } & Record<string, JsonValue>;
    try {
      const integration = data.integrationId
        ? await this.hub.stores.integrations.findById(data.integrationId)
        : null;
      await this.hub.stores.deadLetters.add({
        tenantId: data.tenantId ?? integration?.tenantId ?? null,
        integrationId: data.integrationId ?? null,
        queue,
        jobName: job.name,
        jobId: job.id ?? null,
        payload: job.data as JsonValue,
        error: error.message,
        attempts: job.attemptsMade,
        context: {
          failedReason: job.failedReason ?? error.message,
          finishedOn: job.finishedOn ?? Date.now(),
        },
      });
    } catch (storeError) {
      this.hub.log.error(
        { queue, jobId: job.id, err: (storeError as Error).message },
        'could not record a dead letter',
      );
    }
  }

  /**
   * Stops taking jobs and lets those in flight finish. Without Redis a job can neither finish nor
   * go back to its queue, and waiting for it would never end: the workers then close at once, and
   * their jobs come back to another worker through the stalled-job check.
   */
  /**
   * Stops taking work and lets in-flight jobs finish, for at most the shutdown grace period: a long
   * job (a backfill of months) is then let go, and BullMQ hands it to the next worker as stalled,
   * which resumes it from its last checkpoint.
   */
  async close(): Promise<void> {
    const redisAway = this.connections.some((c) => c.status !== 'ready');
    const graceful = Promise.allSettled(this.workers.map((w) => w.close(redisAway)));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      graceful.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.hub.config.shutdownGraceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.hub.log.warn(
        { graceMs: this.hub.config.shutdownGraceMs },
        'jobs still running after the grace period: letting them go to resume elsewhere',
      );
      await Promise.allSettled(this.workers.map((w) => w.close(true)));
    }
    for (const c of this.connections) c.disconnect();
  }
}
