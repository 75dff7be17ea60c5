import { DataSource } from 'typeorm';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || process.env.KEEP_TEST_DATABASE) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString(), extra: { max: 1 } });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await ds.destroy();
}
