import type { JobsOptions } from 'bullmq';

export const INGEST_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'hubBackoff' },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 86400 },
};
