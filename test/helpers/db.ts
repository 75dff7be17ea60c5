import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CredentialCipher } from '../../src/db/credential-cipher';
import { createDataSource } from '../../src/db/data-source';
import { IntegrationStore } from '../../src/db/integration-store';
import { OrderStore } from '../../src/db/order-store';
import { TenantStore } from '../../src/db/tenant-store';
import type { StoreFacts } from '../../src/core/integration';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY } from './env';

export interface TestDb {
  ds: DataSource;
  cipher: CredentialCipher;
  tenants: TenantStore;
  integrations: IntegrationStore;
  orders: OrderStore;
  close(): Promise<void>;
}

export async function openTestDb(poolSize = 10): Promise<TestDb> {
  const ds = createDataSource(TEST_DATABASE_URL, { poolSize, applicationName: 'channel-hub-test' });
  await ds.initialize();
  const cipher = new CredentialCipher({
    active: { id: 'test', key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') },
    previous: [],
  });
  return {
    ds,
    cipher,
    tenants: new TenantStore(ds),
    integrations: new IntegrationStore(ds, cipher),
    orders: new OrderStore(ds),
    close: () => ds.destroy(),
  };
}

export const TEST_FACTS: StoreFacts = {
  name: 'Test store',
  currency: 'USD',
  timezone: 'UTC',
  taxesIncluded: false,
  platformVersion: null,
  plan: null,
  grantedScopes: [],
  missingScopes: [],
  canWrite: true,
  warnings: [],
};

/** A tenant with one integration, for tests that write orders. */
export async function seedIntegration(db: TestDb, platform = 'woocommerce') {
  const { tenant, apiKey } = await db.tenants.create(`tenant-${randomUUID().slice(0, 8)}`);
  const integration = await db.integrations.create({
    id: randomUUID(),
    tenantId: tenant.id,
    platform,
    storeUrl: `https://${randomUUID().slice(0, 8)}.example.com`,
    options: { syncIntervalSeconds: 300, backfillSince: '2025-01-01T00:00:00Z', registerWebhooks: false },
    facts: TEST_FACTS,
    connectorState: {},
    credentials: { consumerKey: 'ck_test', consumerSecret: 'cs_test' },
  });
  return { tenant, apiKey, integration };
}
