import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { createConnectorRegistry } from '../connectors';
import { createDataSource, ensureDatabase } from '../db/data-source';
import { replayDeadLetter } from '../queues/dead-letter-replay';
import { QUEUES } from '../queues/names';
import { enqueueSync } from '../queues/sync-schedules';
import { type Role, startHub } from '../runtime';
import { OrderWriter } from '../services/order-writer';
import { INGEST_JOB_OPTIONS } from '../webhooks/receiver';
import { withHub } from './context';
import { normalizeFile } from './normalize';

const program = new Command('hub')
  .description('Channel Hub: every channel order in one canonical shape')
  .showHelpAfterError();

const isoDate = (value: string) => {
  if (Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('expected an ISO 8601 time, e.g. 2026-01-01T00:00:00Z');
  return value;
};

program
  .command('migrate')
  .description('create the database if needed and run the migrations')
  .option('--down', 'revert the last migration')
  .action(async (options: { down?: boolean }) => {
    const config = loadConfig();
    await ensureDatabase(config.databaseUrl);
    const ds = createDataSource(config.databaseUrl, { poolSize: 1 });
    await ds.initialize();
    try {
      if (options.down) {
        await ds.undoLastMigration({ transaction: 'all' });
        console.log('reverted the last migration');
      } else {
        const ran = await ds.runMigrations({ transaction: 'all' });
        console.log(ran.length ? `ran ${ran.map((m) => m.name).join(', ')}` : 'the database is up to date');
      }
    } finally {
      await ds.destroy();
    }
  });

program
  .command('start')
  .description('start the hub: the API and the workers, or one of them')
  .option('--role <role>', 'api | worker | all', 'all')
  .action(async (options: { role: string }) => {
    if (!['api', 'worker', 'all'].includes(options.role))
      throw new InvalidArgumentError('--role must be api, worker or all');
    const config = loadConfig();
    const running = await startHub(config, {
      role: options.role as Role,
      registry: createConnectorRegistry(config),
    });
    let signals = 0;
    const stop = (signal: string) => {
      if (++signals > 1) process.exit(1);
      running.hub.log.info({ signal }, 'shutting down');
      void running.stop().then(() => process.exit(0));
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

const tenants = program.command('tenants').description('tenants and their API keys');
tenants
  .command('create <name>')
  .description('create a tenant and print its API key (shown once)')
  .action(async (name: string) => {
    await withHub(async (hub) => {
      const { tenant, apiKey } = await hub.stores.tenants.create(name);
      console.log(JSON.stringify({ id: tenant.id, name: tenant.name, apiKey }, null, 2));
    });
  });

program
  .command('normalize <platform> <file>')
  .description('print the canonical order of one platform order (a file, or - for standard input)')
  .action(async (platform: string, file: string) => {
    const config = loadConfig();
    const order = await normalizeFile(createConnectorRegistry(config), platform, file);
    process.stdout.write(`${JSON.stringify(order, null, 2)}\n`);
  });

program
  .command('sync <integrationId>')
  .description('queue a sync of one integration now')
  .option('--mode <mode>', 'incremental | backfill', 'incremental')
  .option('--since <time>', 'backfill from this time', isoDate)
  .action(async (integrationId: string, options: { mode: string; since?: string }) => {
    await withHub(async (hub) => {
      const integration = await hub.stores.integrations.findById(integrationId);
      if (!integration) throw new Error(`no integration ${integrationId}`);
      const jobId = await enqueueSync(hub.queues[QUEUES.sync], {
        integrationId,
        mode: options.mode === 'backfill' ? 'backfill' : 'incremental',
        ...(options.since ? { since: options.since } : {}),
      });
      console.log(`queued ${QUEUES.sync}:${jobId}`);
    });
  });

const deadLetters = program.command('dead-letters').description('jobs that used their last attempt');
deadLetters.command('list').action(async () => {
  await withHub(async (hub) => {
    for (const l of await hub.stores.deadLetters.list(null)) {
      console.log(
        `${l.id}  ${l.createdAt}  ${l.queue}/${l.jobName}  attempts=${l.attempts}  ${l.replayedAt ? `replayed→${l.replayJobId}` : ''}  ${l.error}`,
      );
    }
  });
});
deadLetters.command('replay <id>').action(async (id: string) => {
  await withHub(async (hub) => {
    const letter = await hub.stores.deadLetters.find(null, id);
    if (!letter) throw new Error(`no dead letter ${id}`);
    console.log(`queued ${await replayDeadLetter(hub, letter)}`);
  });
});

const webhooks = program.command('webhooks').description('the raw event store');
webhooks
  .command('replay')
  .description('process a store’s stored deliveries again, from a time on')
  .requiredOption('--integration <id>', 'integration id')
  .requiredOption('--since <time>', 'ISO 8601 time', isoDate)
  .action(async (options: { integration: string; since: string }) => {
    await withHub(async (hub) => {
      const deliveries = await hub.stores.webhookDeliveries.since(
        options.integration,
        new Date(options.since),
      );
      for (const d of deliveries) {
        await hub.queues[QUEUES.ingest].add(
          d.topic,
          {
            integrationId: d.integrationId,
            platform: d.platform,
            topic: d.topic,
            deliveryKey: d.deliveryKey,
            eventKey: d.eventKey,
            receivedAt: d.receivedAt.getTime(),
            headers: d.headers,
            body: d.body.toString('base64'),
            replay: true,
          },
          INGEST_JOB_OPTIONS,
        );
      }
      console.log(`queued ${deliveries.length} deliveries for processing`);
    });
  });
webhooks
  .command('quarantine')
  .description('validly signed deliveries the hub could not read')
  .action(async () => {
    await withHub(async (hub) => {
      for (const d of await hub.stores.webhookDeliveries.quarantined()) {
        console.log(
          `${d.id}  ${d.receivedAt.toISOString()}  ${d.platform}  ${d.integrationId}  ${d.topic}  ${d.reason ?? ''}`,
        );
      }
    });
  });

program
  .command('remap')
  .description('re-run the current mappers over the stored raw payloads, without calling the platforms')
  .option('--integration <id>', 'only this integration')
  .action(async (options: { integration?: string }) => {
    await withHub(async (hub) => {
      const writer = new OrderWriter(hub);
      const integrations = (await hub.stores.integrations.listLive()).filter(
        (i) => !options.integration || i.id === options.integration,
      );
      let changed = 0;
      let seen = 0;
      for (const integration of integrations) {
        let after = '';
        for (;;) {
          const rows: {
            external_id: string;
            channel_updated_at: Date;
            raw: never;
            deleted_at: Date | null;
          }[] = await hub.ds.query(
            `SELECT external_id, channel_updated_at, raw, deleted_at FROM orders WHERE integration_id = $1 AND external_id > $2
              ORDER BY external_id LIMIT 500`,
            [integration.id, after],
          );
          if (rows.length === 0) break;
          after = rows[rows.length - 1]!.external_id;
          seen += rows.length;
          const written = await writer.write(
            integration,
            rows.map((r) => ({
              externalId: r.external_id,
              updatedAt: r.channel_updated_at.toISOString(),
              payload: r.raw,
              deleted: r.deleted_at !== null,
            })),
            'remap',
          );
          changed += written.length;
        }
      }
      console.log(`remapped ${seen} orders; ${changed} changed`);
    });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : (error as Error).message;
  console.error(`hub: ${message.split('\n').join('\n     ')}`);
  process.exit(1);
});
