import type { DeadLetter } from '../db/dead-letter-store';
import type { Hub } from '../hub';
import type { QueueName } from './names';

/** Puts a dead letter's job back on its queue with fresh attempts; returns the new job's `queue:id`. */
export async function replayDeadLetter(hub: Hub, letter: DeadLetter): Promise<string> {
  const queue = hub.queues[letter.queue as QueueName];
  if (!queue) throw new Error(`dead letter ${letter.id} names an unknown queue ${letter.queue}`);
  const job = await queue.add(letter.jobName, letter.payload, {
    attempts: 5,
    backoff: { type: 'hubBackoff' },
  });
  const ref = `${letter.queue}:${job.id ?? ''}`;
  await hub.stores.deadLetters.markReplayed(letter.id, ref);
  return ref;
}
