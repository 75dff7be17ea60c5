import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import { PRIORITY } from './names';

export type SyncMode = 'incremental' | 'backfill' | 'completeness';

export interface SyncJobData {
  integrationId: string;
  mode: SyncMode;
  /** Backfill: from when; completeness: how far back to check. */
  since?: string;
}

const scheduleId = (integrationId: string, mode: SyncMode) => `${mode}:${integrationId}`;

/**
 * Every sync job, scheduled or asked for: retried with the hub's backoff (a store's passing 5xx
 * heals within the run), and not kept forever (a schedule every few minutes per store would fill
 * Redis): finished jobs stay a day for GET /v1/jobs/{id}, failed ones a week.
 */
const SYNC_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'hubBackoff' },
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400, count: 10_000 },
};

/** A stable offset inside the interval per store, so a thousand stores do not start in the same second. */
export function scheduleJitterMs(integrationId: string, everyMs: number): number {
  const n = createHash('sha256').update(integrationId).digest().readUInt32BE(0);
  return n % everyMs;
}

/** One incremental schedule and one completeness schedule per integration (upserted, never duplicated). */
export async function upsertSyncSchedules(
  queue: Queue,
  integrationId: string,
  intervalSeconds: number,
): Promise<void> {
  const every = intervalSeconds * 1000;
  await queue.upsertJobScheduler(
    scheduleId(integrationId, 'incremental'),
    { every, offset: scheduleJitterMs(integrationId, every) },
    {
      name: 'incremental',
      data: { integrationId, mode: 'incremental' },
      opts: { ...SYNC_JOB_OPTIONS, priority: PRIORITY.incremental },
    },
  );
  const completenessEvery = Math.max(every * 12, 3_600_000);
  await queue.upsertJobScheduler(
    scheduleId(integrationId, 'completeness'),
    { every: completenessEvery, offset: scheduleJitterMs(integrationId, completenessEvery) },
    {
      name: 'completeness',
      data: { integrationId, mode: 'completeness' },
      opts: { ...SYNC_JOB_OPTIONS, priority: PRIORITY.backfill },
    },
  );
}

export async function removeSyncSchedules(queue: Queue, integrationId: string): Promise<void> {
  await queue.removeJobScheduler(scheduleId(integrationId, 'incremental'));
  await queue.removeJobScheduler(scheduleId(integrationId, 'completeness'));
}

export async function enqueueSync(queue: Queue, data: SyncJobData): Promise<string> {
  const job = await queue.add(data.mode, data, {
    ...SYNC_JOB_OPTIONS,
    priority: data.mode === 'incremental' ? PRIORITY.incremental : PRIORITY.backfill,
  });
  return job.id ?? '';
}
