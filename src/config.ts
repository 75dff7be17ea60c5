import { createHash } from 'node:crypto';
import { z } from 'zod';

const DEV_ADMIN_TOKEN = 'dev-admin-token-change-me';
// A fixed key for local development only: production refuses to start with it (or without one).
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

const csv = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part.length > 0),
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://postgres@127.0.0.1:5432/channel_hub'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('hub'),
  HUB_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HUB_ENCRYPTION_KEY: z.string().optional(),
  HUB_ENCRYPTION_KEYS_PREVIOUS: z.string().default(''),
  HUB_ALLOWED_STORE_HOSTS: csv,
  SHOPIFY_API_KEY: z.string().optional(),
  SHOPIFY_API_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEBHOOK_RETENTION_DAYS: positiveInt(30),
  WEBHOOK_DEDUP_TTL_SECONDS: positiveInt(3 * 24 * 3600),
  SYNC_OVERLAP_SECONDS: z.coerce.number().int().min(0).default(120),
  SYNC_DEFAULT_INTERVAL_SECONDS: positiveInt(300),
  INGEST_CONCURRENCY: positiveInt(64),
  HTTP_TIMEOUT_MS: positiveInt(30_000),
  WORKER_LOCK_DURATION_MS: positiveInt(30_000),
  SHUTDOWN_GRACE_MS: positiveInt(25_000),
  PUSH_MAX_ATTEMPTS: positiveInt(8),
  EVENT_MAX_ATTEMPTS: positiveInt(30),
});

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface HubConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  /** False when PUBLIC_URL was not given: the API then uses the address it actually listens on. */
  publicUrlExplicit: boolean;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  adminToken: string;
  encryptionKeys: { active: EncryptionKey; previous: EncryptionKey[] };
  allowedStoreHosts: string[];
  shopify: { apiKey: string | null; apiSecret: string | null };
  logLevel: string;
  webhookRetentionDays: number;
  webhookDedupTtlSeconds: number;
  syncOverlapSeconds: number;
  syncDefaultIntervalSeconds: number;
  ingestConcurrency: number;
  httpTimeoutMs: number;
  /** How long a job's lock outlives its worker: a killed worker's jobs run again after about this long. */
  workerLockDurationMs: number;
  /** How long SIGTERM waits for in-flight jobs before letting them go (they resume from checkpoints). */
  shutdownGraceMs: number;
  /** Attempts of a push (fulfilment, cancel, stock flush) before it becomes a dead letter. */
  pushMaxAttempts: number;
  /** Failed deliveries of one event to a subscriber before it becomes a dead letter and the subscriber moves on. */
  eventMaxAttempts: number;
  /** What the config fell back to that production would refuse, said once at start. */
  warnings: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `kid:base64` or plain base64 (its id is then derived from the key itself). 32 bytes, AES-256. */
function parseKey(text: string, variable: string): EncryptionKey {
  const colon = text.indexOf(':');
  const [id, material] = colon > 0 ? [text.slice(0, colon), text.slice(colon + 1)] : [null, text];
  const key = Buffer.from(material.trim(), 'base64');
  if (key.length !== 32) {
    throw new ConfigError([
      `${variable}: must be 32 bytes in base64 (openssl rand -base64 32), got ${key.length} bytes`,
    ]);
  }
  return { id: id ?? createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const warnings: string[] = [];
  if (production && !e.HUB_ADMIN_TOKEN) problems.push('HUB_ADMIN_TOKEN: required in production');
  if (production && !e.HUB_ENCRYPTION_KEY) problems.push('HUB_ENCRYPTION_KEY: required in production');
  if (production && !e.PUBLIC_URL)
    problems.push('PUBLIC_URL: required in production (platforms deliver webhooks there)');
  if (
    production &&
    e.HUB_ENCRYPTION_KEY &&
    parseKey(e.HUB_ENCRYPTION_KEY, 'HUB_ENCRYPTION_KEY').key.equals(Buffer.from(DEV_ENCRYPTION_KEY, 'base64'))
  ) {
    problems.push('HUB_ENCRYPTION_KEY: the development key cannot be used in production');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (!e.HUB_ADMIN_TOKEN)
    warnings.push(`HUB_ADMIN_TOKEN not set: using the development token "${DEV_ADMIN_TOKEN}"`);
  if (!e.HUB_ENCRYPTION_KEY)
    warnings.push('HUB_ENCRYPTION_KEY not set: credentials are encrypted with a development key');

  const active = parseKey(e.HUB_ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY, 'HUB_ENCRYPTION_KEY');
  const previous = e.HUB_ENCRYPTION_KEYS_PREVIOUS.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => parseKey(part, 'HUB_ENCRYPTION_KEYS_PREVIOUS'));

  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlExplicit: e.PUBLIC_URL !== undefined,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    adminToken: e.HUB_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    encryptionKeys: { active, previous },
    allowedStoreHosts: e.HUB_ALLOWED_STORE_HOSTS,
    shopify: { apiKey: e.SHOPIFY_API_KEY ?? null, apiSecret: e.SHOPIFY_API_SECRET ?? null },
    logLevel: e.LOG_LEVEL,
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS,
    webhookDedupTtlSeconds: e.WEBHOOK_DEDUP_TTL_SECONDS,
    syncOverlapSeconds: e.SYNC_OVERLAP_SECONDS,
    syncDefaultIntervalSeconds: e.SYNC_DEFAULT_INTERVAL_SECONDS,
    ingestConcurrency: e.INGEST_CONCURRENCY,
    httpTimeoutMs: e.HTTP_TIMEOUT_MS,
    workerLockDurationMs: e.WORKER_LOCK_DURATION_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    pushMaxAttempts: e.PUSH_MAX_ATTEMPTS,
    eventMaxAttempts: e.EVENT_MAX_ATTEMPTS,
    warnings,
  };
}
