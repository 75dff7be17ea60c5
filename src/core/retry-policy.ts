import { isChannelError } from './errors';

/**
 * The hub's one retry policy for calls to a channel: exponential backoff with full jitter,
 * honouring the channel's own `Retry-After`, and no retry at all for errors a retry cannot fix
 * (revoked credentials, rejected input). Jobs use the same delays between attempts.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const CALL_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1), full jitter, at least the channel's Retry-After. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Runs `call`, retrying channel errors that are retryable, per the policy. */
export async function withChannelRetries<T>(
  call: (attempt: number) => Promise<T>,
  options: {
    policy?: RetryPolicy;
    sleep?: Sleep;
    signal?: AbortSignal;
    onRetry?: (error: unknown, delayMs: number) => void;
  } = {},
): Promise<T> {
  const policy = options.policy ?? CALL_RETRY_POLICY;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!isChannelError(error) || !error.retryable || attempt >= policy.attempts) throw error;
      const delay = backoffDelay(policy, attempt, error.retryAfterMs);
      if (delay > policy.maxDelayMs) throw error; // the channel asks for longer than a call may wait: let the job reschedule
      options.onRetry?.(error, delay);
      await wait(delay, options.signal);
    }
  }
}
