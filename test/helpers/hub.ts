import { loadConfig, type HubConfig } from '../../src/config';
import { ConnectorRegistry } from '../../src/core/registry';
import { createLogger } from '../../src/observability/logger';
import { type Role, type RunningHub, startHub } from '../../src/runtime';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY, TEST_REDIS_URL, testRedisPrefix } from './env';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export function testConfig(overrides: Record<string, string> = {}): HubConfig {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: testRedisPrefix(),
    HUB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    HUB_ENCRYPTION_KEY: `test:${TEST_ENCRYPTION_KEY}`,
    HUB_ALLOWED_STORE_HOSTS: '127.0.0.1,localhost',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SYNC_OVERLAP_SECONDS: '5',
    SHUTDOWN_GRACE_MS: '3000',
    ...overrides,
  });
}

export interface TestHub extends RunningHub {
  baseUrl: string;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: unknown;
    headers: Headers;
  }>;
}

/** A real hub on a loopback port with its own Redis prefix, against the test database. */
export async function startTestHub(
  options: { role?: Role; registry?: ConnectorRegistry; env?: Record<string, string> } = {},
): Promise<TestHub> {
  const config = testConfig(options.env);
  const running = await startHub(config, {
    role: options.role ?? 'all',
    log: createLogger(config.logLevel),
    registry: options.registry ?? new ConnectorRegistry(),
  });
  await running.hub.databaseConnected();
  const baseUrl = running.address ?? '';
  return {
    ...running,
    baseUrl,
    async request(method, path, { token, body, headers } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON (metrics, html)
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}
