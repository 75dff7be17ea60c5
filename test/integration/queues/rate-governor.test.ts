import { Redis } from 'ioredis';
import { RateGovernor, RateWaitTooLongError } from '../../../src/queues/rate-governor';
import { TEST_REDIS_URL, testRedisPrefix } from '../../helpers/env';

describe('RateGovernor (Redis token bucket per store)', () => {
  let redis: Redis;
  let now = 1_000_000;
  const clock = () => now;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis.quit());

  it('spends the bucket, then says how long to wait at the refill rate', async () => {
    const governor = new RateGovernor(redis, testRedisPrefix(), { now: clock, maxWaitMs: 0 });
    const gate = governor.gate('store-a', { capacity: 4, refillPerSecond: 2 });
    for (let i = 0; i < 4; i++) expect(await gate.acquire(1, 'operational')).toBe(0);
    await expect(gate.acquire(1, 'operational')).rejects.toThrow(RateWaitTooLongError);
    await expect(gate.acquire(1, 'operational')).rejects.toMatchObject({ waitMs: 500 });
    now += 500;
    expect(await gate.acquire(1, 'operational')).toBe(0);
  });

  it('is shared by every process: two governors on the same store draw from one bucket', async () => {
    const prefix = testRedisPrefix();
    const other = new Redis(TEST_REDIS_URL);
    try {
      const a = new RateGovernor(redis, prefix, { now: clock, maxWaitMs: 0 }).gate('s', {
        capacity: 3,
        refillPerSecond: 1,
      });
      const b = new RateGovernor(other, prefix, { now: clock, maxWaitMs: 0 }).gate('s', {
        capacity: 3,
        refillPerSecond: 1,
      });
      await a.acquire(1, 'operational');
      await b.acquire(1, 'operational');
      await a.acquire(1, 'operational');
      await expect(b.acquire(1, 'operational')).rejects.toThrow(RateWaitTooLongError);
    } finally {
      other.disconnect();
    }
  });

  it('keeps a reserve for operational work: backfill stops at half the bucket, operational goes on', async () => {
    const gate = new RateGovernor(redis, testRedisPrefix(), { now: clock, maxWaitMs: 0 }).gate('s', {
      capacity: 10,
      refillPerSecond: 1,
    });
    let backfill = 0;
    while (backfill < 20) {
      try {
        await gate.acquire(1, 'backfill');
        backfill++;
      } catch {
        break;
      }
    }
    expect(backfill).toBe(5);
    await expect(gate.acquire(1, 'incremental')).resolves.toBe(0); // incremental may go down to 20 %
    await expect(gate.acquire(1, 'incremental')).resolves.toBe(0);
    await expect(gate.acquire(1, 'incremental')).resolves.toBe(0);
    await expect(gate.acquire(1, 'incremental')).rejects.toThrow(RateWaitTooLongError);
    await expect(gate.acquire(1, 'operational')).resolves.toBe(0);
    await expect(gate.acquire(1, 'operational')).resolves.toBe(0);
  });

  it('learns the bucket from the channel (Shopify throttleStatus) and blocks after a 429 for Retry-After', async () => {
    const gate = new RateGovernor(redis, testRedisPrefix(), { now: clock, maxWaitMs: 0 }).gate('s', {
      capacity: 2000,
      refillPerSecond: 100,
    });
    await gate.report({ kind: 'bucket', maximumAvailable: 1000, currentlyAvailable: 50, restoreRate: 50 });
    expect(await gate.acquire(50, 'operational')).toBe(0);
    await expect(gate.acquire(100, 'operational')).rejects.toMatchObject({ waitMs: 2000 });
    await gate.report({ kind: 'throttled', retryAfterMs: 3000 });
    await expect(gate.acquire(1, 'operational')).rejects.toMatchObject({ waitMs: 3000 });
    now += 3000;
    // The rate was halved on the 429 (50 → 25/s): 3 s refilled 75 points.
    expect(await gate.acquire(75, 'operational')).toBe(0);
  });

  it('waits (does not fail) when the wait fits within maxWaitMs', async () => {
    const gate = new RateGovernor(redis, testRedisPrefix(), { maxWaitMs: 5_000 }).gate('s', {
      capacity: 1,
      refillPerSecond: 20,
    });
    await gate.acquire(1, 'operational');
    const waited = await gate.acquire(1, 'operational');
    expect(waited).toBeGreaterThanOrEqual(40);
  });
});
