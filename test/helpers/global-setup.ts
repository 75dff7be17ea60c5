import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { TEST_DATABASE_URL } from './env';

/** A fresh test database for each run, migrated once; test files then share it through their own tenants. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: url.toString(), extra: { max: 1 } });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.destroy();
  const ds = createDataSource(TEST_DATABASE_URL, { poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await ds.destroy();
}
