import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';

function adminUrl(url: URL): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

/**
 * A database of its own for each test run, migrated once: test files then share it through their
 * own tenants, and two runs on one machine never see each other. Jest workers inherit the URL.
 */
export default async function globalSetup(): Promise<void> {
  const base = new URL(
    process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432/channel_hub_test',
  );
  const name = `${base.pathname.slice(1)}_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  const admin = new DataSource({ type: 'postgres', url: adminUrl(url), extra: { max: 1 } });
  await admin.initialize();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.destroy();
  process.env.TEST_DATABASE_URL = url.toString();
  const ds = createDataSource(url.toString(), { poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await ds.destroy();
}
