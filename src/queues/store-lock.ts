import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * How long a lease outlives its holder. Short, so that another worker can take over a store soon
 * after a worker dies (BullMQ hands a dead worker's job to another after about as long); a living
 * holder renews it in the background, however long a rate-limit wait or a slow store keeps a
 * call busy.
 */
export const STORE_LEASE_MS = 30_000;

/**
 * A lease on one kind of work for one store, across every worker process: held while a job runs,
 * renewed by a heartbeat while its holder lives, checked (`extend`) before each checkpoint, released
 * at the end, and expiring by itself if the process dies.
 */
export class StoreLock {
  private heartbeat: NodeJS.Timeout | null = null;
  private lost = false;

  private constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
  ) {}

  static async acquire(redis: Redis, key: string, ttlMs = STORE_LEASE_MS): Promise<StoreLock | null> {
    const token = randomUUID();
    const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    const lock = new StoreLock(redis, key, token, ttlMs);
    lock.heartbeat = setInterval(
      () => void lock.extend().catch(() => undefined),
      Math.max(250, Math.floor(ttlMs / 3)),
    );
    lock.heartbeat.unref();
    return lock;
  }

  /** Renews the lease; false when it was lost (expired and taken by another worker). */
  async extend(): Promise<boolean> {
    if (this.lost) return false;
    const held = Number(await this.redis.eval(EXTEND, 1, this.key, this.token, this.ttlMs)) === 1;
    if (!held) {
      this.lost = true;
      this.stopHeartbeat();
    }
    return held;
  }

  async release(): Promise<void> {
    this.stopHeartbeat();
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

export class LockLostError extends Error {
  constructor(what: string) {
    super(`lost the lease on ${what}: another worker took over`);
    this.name = 'LockLostError';
  }
}
