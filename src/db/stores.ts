import type { DataSource } from 'typeorm';
import { CatalogStore } from './catalog-store';
import { CredentialCipher } from './credential-cipher';
import { DeadLetterStore } from './dead-letter-store';
import { IntegrationStore } from './integration-store';
import { OrderStore } from './order-store';
import { PushStore } from './push-store';
import { SubscriptionStore } from './subscription-store';
import { SyncStateStore } from './sync-state-store';
import { TenantStore } from './tenant-store';
import { WebhookDeliveryStore } from './webhook-delivery-store';

/** Every repository of the hub over one DataSource. */
export class Stores {
  readonly tenants: TenantStore;
  readonly integrations: IntegrationStore;
  readonly orders: OrderStore;
  readonly syncState: SyncStateStore;
  readonly webhookDeliveries: WebhookDeliveryStore;
  readonly deadLetters: DeadLetterStore;
  readonly pushes: PushStore;
  readonly catalog: CatalogStore;
  readonly subscriptions: SubscriptionStore;

  constructor(
    readonly ds: DataSource,
    readonly cipher: CredentialCipher,
  ) {
    this.tenants = new TenantStore(ds);
    this.integrations = new IntegrationStore(ds, cipher);
    this.orders = new OrderStore(ds);
    this.syncState = new SyncStateStore(ds);
    this.webhookDeliveries = new WebhookDeliveryStore(ds);
    this.deadLetters = new DeadLetterStore(ds);
    this.pushes = new PushStore(ds);
    this.catalog = new CatalogStore(ds);
    this.subscriptions = new SubscriptionStore(ds, cipher);
  }
}
