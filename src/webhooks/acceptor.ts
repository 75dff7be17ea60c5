import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { MicroBatcher } from '../services/micro-batch';
import type { IngestJobData } from './ingest-job';
import { INGEST_JOB_OPTIONS } from './ingest-options';

/**
 * Claims every key of each delivery (its delivery key and, where the platform has one, its event
 * key) in one script for a whole batch: a delivery is new only if none of its keys was seen, and
 * then all of them are marked. Answers 1 (new) or 0 (duplicate) per delivery, in order.
 */
const CLAIM_BATCH = `
local results = {}
local k = 1
for d = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[1 + d])
  local seen = false
  for i = k, k + n - 1 do
    if redis.call('EXISTS', KEYS[i]) == 1 then seen = true end
  end
  if not seen then
    for i = k, k + n - 1 do redis.call('SET', KEYS[i], '1', 'EX', ARGV[#ARGV]) end
  end
  results[d] = seen and 0 or 1
  k = k + n
end
return results
`;

const PROVISIONAL_CLAIM_SECONDS = 60;

/** The Redis keys that say a delivery was seen: its delivery key and, where the platform has one, its event key. */
function seenKeys(redisPrefix: string, job: IngestJobData): string[] {
  const prefix = `${redisPrefix}:seen:${job.integrationId}`;
  return [`${prefix}:d:${job.deliveryKey}`, ...(job.eventKey ? [`${prefix}:e:${job.eventKey}`] : [])];
}

/** Marks deliveries queued another way (the inbox relay) as seen, so that the platform's retry is a duplicate. */
export async function markSeen(hub: Hub, jobs: IngestJobData[]): Promise<void> {
  const seen = hub.producer.pipeline();
  for (const job of jobs)
    for (const key of seenKeys(hub.config.redisPrefix, job))
      seen.set(key, '1', 'EX', hub.config.webhookDedupTtlSeconds);
  await seen.exec();
}

interface Acceptance {
  keys: string[];
  job: IngestJobData;
}

export type AcceptOutcome = 'accepted' | 'duplicate';

/**
 * The durable half of the webhook answer: deduplicate and queue, for every delivery that arrived in
 * the same few milliseconds, with one claim script and one pipelined bulk add. Throws when Redis
 * cannot take them (the receiver then falls back to the PostgreSQL inbox).
 */
export class DeliveryAcceptor {
  private readonly batcher: MicroBatcher<Acceptance, AcceptOutcome>;

  constructor(private readonly hub: Hub) {
    this.batcher = new MicroBatcher((items) => this.acceptBatch(items), 200, 2);
  }

  accept(job: IngestJobData): Promise<AcceptOutcome> {
    return this.batcher.submit({ keys: seenKeys(this.hub.config.redisPrefix, job), job });
  }

  private async acceptBatch(items: Acceptance[]): Promise<AcceptOutcome[]> {
    const keys = items.flatMap((i) => i.keys);
    // Claims are provisional (a minute) until the jobs are queued: a process that dies in between
    // leaves no lasting mark, and the platform's next retry is accepted rather than taken for a duplicate.
    const args = [items.length, ...items.map((i) => i.keys.length), PROVISIONAL_CLAIM_SECONDS];
    const claimed = (await this.hub.producer.eval(CLAIM_BATCH, keys.length, ...keys, ...args)) as number[];
    const fresh = items.filter((_, i) => claimed[i] === 1);
    if (fresh.length > 0) {
      try {
        await this.hub.queues[QUEUES.ingest].addBulk(
          fresh.map((i) => ({ name: i.job.topic, data: i.job, opts: INGEST_JOB_OPTIONS })),
        );
      } catch (error) {
        // Not queued: forget the claims so that the inbox fallback (or the platform's retry) is not taken for a duplicate.
        await this.hub.producer.del(...fresh.flatMap((i) => i.keys)).catch(() => undefined);
        throw error;
      }
      const confirm = this.hub.producer.pipeline();
      for (const key of fresh.flatMap((i) => i.keys))
        confirm.expire(key, this.hub.config.webhookDedupTtlSeconds);
      await confirm.exec();
    }
    return claimed.map((c) => (c === 1 ? 'accepted' : 'duplicate'));
  }
}
