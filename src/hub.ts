import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { HubConfig } from './config';
import type { ConnectorRegistry } from './core/registry';
import { CredentialCipher } from './db/credential-cipher';
import { createDataSource } from './db/data-source';
import { Stores } from './db/stores';
import type { Logger } from './observability/logger';
import { HubMetrics } from './observability/metrics';
import { QUEUES, type QueueName } from './queues/names';
import { RateGovernor } from './queues/rate-governor';
import { isRedisReady, producerConnection } from './queues/redis';
import { sleep } from './core/retry-policy';

export class ServiceUnavailableError extends Error {
  readonly code = 'service_unavailable';
  constructor(readonly dependency: 'postgres' | 'redis') {
    super(
      `${dependency === 'postgres' ? 'PostgreSQL' : 'Redis'} is not reachable right now; try again shortly`,
    );
  }
}

/**
 * The hub's shared parts, built once per process: configuration, PostgreSQL (connected in the
 * background and retried until it answers), Redis, the queues, the rate governor, the connectors.
 * Nothing crashes when a dependency is down at start: `ready()` says which one is missing.
 */
export class Hub {
  readonly cipher: CredentialCipher;
  readonly producer: Redis;
  readonly queues: Record<QueueName, Queue>;
  readonly governor: RateGovernor;
  private dataSource: DataSource | null = null;
  private storesValue: Stores | null = null;
  private closed = false;
  private readonly dbConnecting: Promise<void>;

  constructor(
    readonly config: HubConfig,
    readonly registry: ConnectorRegistry,
    readonly log: Logger,
    readonly metrics: HubMetrics = new HubMetrics(),
  ) {
    this.cipher = new CredentialCipher(config.encryptionKeys);
    this.producer = producerConnection(config.redisUrl);
    this.producer.on('error', () => undefined); // reported through ready(); ioredis reconnects by itself
    this.queues = Object.fromEntries(
      Object.values(QUEUES).map((name) => [
        name,
        new Queue(name, { connection: this.producer, prefix: config.redisPrefix }),
      ]),
    ) as Record<QueueName, Queue>;
    for (const queue of Object.values(this.queues)) queue.on('error', () => undefined);
    this.governor = new RateGovernor(this.producer, config.redisPrefix, {
      onWait: (lane, waitedMs) => this.metrics.rateWaits.observe({ lane }, waitedMs / 1000),
    });
    this.dbConnecting = this.connectDatabase();
  }

  private async connectDatabase(): Promise<void> {
    for (let attempt = 1; !this.closed; attempt++) {
      const ds = createDataSource(this.config.databaseUrl);
      try {
        await ds.initialize();
        this.dataSource = ds;
        this.storesValue = new Stores(ds, this.cipher);
        if (attempt > 1) this.log.info({ attempt }, 'PostgreSQL is reachable');
        return;
      } catch (error) {
        if (attempt === 1 || attempt % 10 === 0) {
          this.log.warn({ attempt, err: (error as Error).message }, 'PostgreSQL is not reachable; retrying');
        }
        await sleep(Math.min(5_000, 250 * attempt));
      }
    }
  }

  /** Resolves once PostgreSQL is connected (waits through an outage at start). */
  async databaseConnected(): Promise<void> {
    await this.dbConnecting;
  }

  get stores(): Stores {
    if (!this.storesValue) throw new ServiceUnavailableError('postgres');
    return this.storesValue;
  }

  get ds(): DataSource {
    if (!this.dataSource) throw new ServiceUnavailableError('postgres');
    return this.dataSource;
  }

  hasDatabase(): boolean {
    return this.dataSource !== null;
  }

  async ready(): Promise<{ postgres: boolean; redis: boolean }> {
    const postgres = this.dataSource
      ? await Promise.race([
          this.dataSource.query('SELECT 1').then(
            () => true,
            () => false,
          ),
          sleep(1_000).then(() => false),
        ])
      : false;
    const redis = isRedisReady(this.producer)
      ? await this.producer.ping().then(
          () => true,
          () => false,
        )
      : false;
    return { postgres, redis };
  }

  callbackUrl(platform: string, integrationId: string): string {
    return `${this.config.publicUrl}/webhooks/${platform}/${integrationId}`;
  }

  async close(): Promise<void> {
    this.closed = true;
    const queues = Object.values(this.queues);
    // The producer ends first and every queue sees it end: a queue closed while still waiting for
    // its shared connection would report the end as an 'error' event nobody listens to any more,
    // and the process would die with a stack trace (a CLI command finished before Redis was ready).
    // A connection between two reconnection attempts ends without a word: that wait is bounded.
    this.producer.disconnect();
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(queues.map((q) => q.waitUntilReady())),
      new Promise((resolve) => (bound = setTimeout(resolve, 1_000))),
    ]);
    clearTimeout(bound);
    await Promise.allSettled(queues.map((q) => q.close()));
    await this.dbConnecting.catch(() => undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }
}
