import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase } from '../../../src/db/data-source';
import { TEST_DATABASE_URL } from '../../helpers/env';

describe('migrations', () => {
  const url = TEST_DATABASE_URL.replace(/\/[^/]+$/, `/channel_hub_migrations_${process.pid}`);

  afterAll(async () => {
    const admin = new DataSource({
      type: 'postgres',
      url: url.replace(/\/[^/]+$/, '/postgres'),
      extra: { max: 1 },
    });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS "channel_hub_migrations_${process.pid}" WITH (FORCE)`);
    await admin.destroy();
  });

  it('run up and down on an empty database, and up again', async () => {
    await ensureDatabase(url);
    const ds = createDataSource(url, { poolSize: 1 });
    await ds.initialize();
    try {
      const tables = async () =>
        (
          (await ds.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'hub_migrations' ORDER BY 1`,
          )) as { table_name: string }[]
        ).map((r) => r.table_name);
      expect(await tables()).toEqual([]);
      await ds.runMigrations({ transaction: 'all' });
      expect(await tables()).toEqual(
        expect.arrayContaining([
          'orders',
          'order_history',
          'integrations',
          'tenants',
          'api_keys',
          'sync_state',
          'webhook_deliveries',
          'dead_letters',
        ]),
      );
      await ds.undoLastMigration({ transaction: 'all' });
      expect(await tables()).toEqual([]);
      await ds.runMigrations({ transaction: 'all' });
      expect((await tables()).length).toBeGreaterThan(8);
    } finally {
      await ds.destroy();
    }
  });
});
