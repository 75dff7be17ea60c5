import type { Redis } from 'ioredis';
import type { Lane, RateFeedback, RateGate } from '../core/integration';
import { sleep } from '../core/retry-policy';

/**
 * Share of a store's budget each lane must leave untouched for the lanes above it: operational
 * work may spend everything, incremental sync leaves 20 %, backfill leaves 50 %.
 */
export const LANE_RESERVE: Readonly<Record<Lane, number>> = {
  operational: 0,
  incremental: 0.2,
  backfill: 0.5,
};

/**
 * A token bucket per store in Redis, shared by every process and job type. The script refills by
 * elapsed time, honours a "blocked until" set by a 429, and either takes the tokens or says how
 * long to wait. Budgets learn from the channel: Shopify's throttleStatus replaces the bucket's
 * size and rate; a 429 halves the rate (multiplicative decrease), each uncontested request
 * wins a little back, up to the configured rate (additive increase).
 */
const ACQUIRE = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local reserve = tonumber(ARGV[3])
local defaultCapacity = tonumber(ARGV[4])
local defaultRefill = tonumber(ARGV[5])
local s = redis.call('HMGET', key, 'tokens', 'ts', 'capacity', 'refill', 'blocked', 'ceiling')
local capacity = tonumber(s[3]) or defaultCapacity
local refill = tonumber(s[4]) or defaultRefill
local ceiling = tonumber(s[6]) or defaultRefill
local tokens = tonumber(s[1]) or capacity
local ts = tonumber(s[2]) or now
local blocked = tonumber(s[5]) or 0
tokens = math.min(capacity, tokens + math.max(0, now - ts) * refill / 1000)
if blocked > now then
  redis.call('HSET', key, 'tokens', tokens, 'ts', now)
  return blocked - now
end
local need = cost + reserve * capacity
if cost > capacity then need = capacity end
if tokens >= need then
  tokens = tokens - math.min(cost, capacity)
  if refill < ceiling then refill = math.min(ceiling, refill + ceiling * 0.02) end
  redis.call('HSET', key, 'tokens', tokens, 'ts', now, 'capacity', capacity, 'refill', refill, 'ceiling', ceiling)
  redis.call('PEXPIRE', key, 86400000)
  return 0
end
redis.call('HSET', key, 'tokens', tokens, 'ts', now, 'capacity', capacity, 'refill', refill, 'ceiling', ceiling)
redis.call('PEXPIRE', key, 86400000)
return math.ceil((need - tokens) * 1000 / refill)
`;

const REPORT_BUCKET = `
redis.call('HSET', KEYS[1], 'capacity', ARGV[1], 'tokens', ARGV[2], 'refill', ARGV[3], 'ceiling', ARGV[3], 'ts', ARGV[4])
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`;

const REPORT_THROTTLED = `
local refill = tonumber(redis.call('HGET', KEYS[1], 'refill')) or tonumber(ARGV[3])
local floor = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'blocked', ARGV[1], 'tokens', 0, 'ts', ARGV[2], 'refill', math.max(floor, refill / 2))
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`;

export interface RateBudget {
  capacity: number;
  refillPerSecond: number;
}

export interface GovernorOptions {
  /** The longest a single acquire may wait before giving up (the job then retries later). */
  maxWaitMs?: number;
  onWait?: (lane: Lane, waitedMs: number) => void;
  now?: () => number;
}

export class RateGovernor {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: GovernorOptions = {},
  ) {}

  /** The gate of one store (one integration), with its platform's default budget. */
  gate(integrationId: string, budget: RateBudget): RateGate {
    return new StoreRateGate(this.redis, `${this.prefix}:rate:${integrationId}`, budget, this.options);
  }
}

export class RateWaitTooLongError extends Error {
  constructor(readonly waitMs: number) {
    super(`the store's rate budget needs ${waitMs} ms more than this call may wait`);
    this.name = 'RateWaitTooLongError';
  }
}

class StoreRateGate implements RateGate {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly budget: RateBudget,
    private readonly options: GovernorOptions,
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async acquire(cost: number, lane: Lane): Promise<number> {
    const maxWait = this.options.maxWaitMs ?? 60_000;
    let waited = 0;
    for (;;) {
      const wait = Number(
        await this.redis.eval(
          ACQUIRE,
          1,
          this.key,
          this.now(),
          cost,
          LANE_RESERVE[lane],
          this.budget.capacity,
          this.budget.refillPerSecond,
        ),
      );
      if (wait <= 0) {
        this.options.onWait?.(lane, waited);
        return waited;
      }
      if (waited + wait > maxWait) throw new RateWaitTooLongError(wait);
      await sleep(wait);
      waited += wait;
    }
  }

  async report(feedback: RateFeedback): Promise<void> {
    const now = this.now();
    if (feedback.kind === 'bucket') {
      await this.redis.eval(
        REPORT_BUCKET,
        1,
        this.key,
        feedback.maximumAvailable,
        feedback.currentlyAvailable,
        feedback.restoreRate,
        now,
      );
    } else {
      await this.redis.eval(
        REPORT_THROTTLED,
        1,
        this.key,
        now + feedback.retryAfterMs,
        now,
        this.budget.refillPerSecond,
        Math.max(0.2, this.budget.refillPerSecond / 10),
      );
    }
  }
}
