import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { InitialSchema1732291200000 } from './migrations/1732291200000-initial-schema';

export const MIGRATIONS = [InitialSchema1732291200000];

export function createDataSource(
  databaseUrl: string,
  options: { poolSize?: number; applicationName?: string } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'hub_migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'channel-hub',
      connectionTimeoutMillis: 5_000,
    },
  });
}

/** Creates the database named in the URL when it does not exist (local setups and tests). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString(), extra: { max: 1 } });
  await ds.initialize();
  try {
    const found: unknown[] = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.length === 0) {
      await ds.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await ds.destroy();
  }
}
