import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * A lease on one kind of work for one store, across every worker process: held while a job runs,
 * extended as it makes progress, released at the end, and expiring by itself if the process dies.
 */
export class StoreLock {
  private constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
  ) {}

  static async acquire(redis: Redis, key: string, ttlMs = 120_000): Promise<StoreLock | null> {
    const token = randomUUID();
    const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? new StoreLock(redis, key, token, ttlMs) : null;
  }

  /** Renews the lease; false when it was lost (expired and taken by another worker). */
  async extend(): Promise<boolean> {
    return Number(await this.redis.eval(EXTEND, 1, this.key, this.token, this.ttlMs)) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}

export class LockLostError extends Error {
  constructor(what: string) {
    super(`lost the lease on ${what}: another worker took over`);
    this.name = 'LockLostError';
  }
}
