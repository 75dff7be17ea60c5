import { randomBytes } from 'node:crypto';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/channel_hub_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis key prefix of its own for each test file, so parallel files never share queues or keys. */
export function testRedisPrefix(): string {
  return `hubtest-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString('base64');
