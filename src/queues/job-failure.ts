import { UnrecoverableError } from 'bullmq';
import { isChannelError } from '../core/errors';
import { CALL_RETRY_POLICY, backoffDelay } from '../core/retry-policy';

/** Job-level backoff: exponential with jitter, never sooner than the channel's Retry-After. */
export function hubBackoff(
  attemptsMade: number,
  _type: string | undefined,
  error: Error | undefined,
): number {
  const retryAfter = isChannelError(error) ? error.retryAfterMs : undefined;
  return backoffDelay(
    { ...CALL_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 },
    attemptsMade,
    retryAfter,
  );
}

/**
 * Errors a retry cannot fix (revoked credentials, input the channel rejects, an order the
 * channel no longer has) end the job at once instead of burning its attempts.
 */
export function toJobError(error: unknown): unknown {
  if (isChannelError(error) && !error.retryable) {
    const final = new UnrecoverableError(error.message);
    final.cause = error;
    return final;
  }
  return error;
}
