import { Redis, type RedisOptions } from 'ioredis';

/**
 * Two kinds of Redis connection. Workers block and must wait out an outage (BullMQ requires
 * `maxRetriesPerRequest: null`); producers on a request path must fail fast instead, so that the
 * webhook receiver can fall back to PostgreSQL rather than hang.
 */
export function workerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    ...quietRetry,
  });
}

export function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    ...quietRetry,
  });
}

const quietRetry: RedisOptions = {
  retryStrategy: (times: number) => Math.min(times * 200, 2_000),
};

export function isRedisReady(redis: Redis): boolean {
  return redis.status === 'ready';
}
