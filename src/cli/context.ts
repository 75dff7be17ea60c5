import { loadConfig } from '../config';
import { createConnectorRegistry } from '../connectors';
import { Hub } from '../hub';
import { createLogger } from '../observability/logger';

/** A hub for one command: connects, runs, closes. */
export async function withHub<T>(run: (hub: Hub) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const hub = new Hub(
    config,
    createConnectorRegistry(config),
    createLogger(process.env.LOG_LEVEL ?? 'warn', 'hub-cli'),
  );
  try {
    await Promise.race([
      hub.databaseConnected(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('PostgreSQL did not answer within 15 s')), 15_000).unref(),
      ),
    ]);
    return await run(hub);
  } finally {
    await hub.close();
  }
}
