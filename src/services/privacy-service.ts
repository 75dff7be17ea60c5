import type { Hub } from '../hub';

interface CustomerRef {
  customerExternalId: string | null;
  email: string | null;
  orderExternalIds: string[];
}

const MATCH_CUSTOMER = `integration_id = $1 AND (
  external_id = ANY($2::text[])
  OR ($3::text IS NOT NULL AND canonical->'customer'->>'externalId' = $3)
  OR ($4::text IS NOT NULL AND lower(canonical->'customer'->>'email') = lower($4)))`;

/**
 * Shopify's privacy webhooks (customers/redact, shop/redact, customers/data_request): the hub keeps
 * the orders' commercial facts but removes the person from them, in the canonical document and the raw payload.
 */
export class PrivacyService {
  constructor(private readonly hub: Hub) {}

  private params(integrationId: string, ref: CustomerRef): unknown[] {
    return [integrationId, ref.orderExternalIds, ref.customerExternalId, ref.email];
  }

  async redactCustomer(integrationId: string, ref: CustomerRef): Promise<number> {
    const rows: unknown[] = await this.hub.ds.query(
      `UPDATE orders SET canonical = canonical || '{"customer": null, "billingAddress": null, "shippingAddress": null, "note": null}'::jsonb,
         raw = '{"redacted": true}'::jsonb, updated_at = now()
       WHERE ${MATCH_CUSTOMER} RETURNING 1`,
      this.params(integrationId, ref),
    );
    return rows.length;
  }

  async redactStore(integrationId: string): Promise<number> {
    const rows: unknown[] = await this.hub.ds.query(
      `UPDATE orders SET canonical = canonical || '{"customer": null, "billingAddress": null, "shippingAddress": null, "note": null}'::jsonb,
         raw = '{"redacted": true}'::jsonb, updated_at = now()
       WHERE integration_id = $1 RETURNING 1`,
      [integrationId],
    );
    await this.hub.ds.query(
      `UPDATE webhook_deliveries SET body = '\\x7b7d'::bytea WHERE integration_id = $1`,
      [integrationId],
    );
    return rows.length;
  }

  async countCustomerOrders(integrationId: string, ref: CustomerRef): Promise<number> {
    const rows: { n: number }[] = await this.hub.ds.query(
      `SELECT count(*)::int AS n FROM orders WHERE ${MATCH_CUSTOMER}`,
      this.params(integrationId, ref),
    );
    return rows[0]?.n ?? 0;
  }
}
