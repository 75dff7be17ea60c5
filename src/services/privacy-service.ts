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

/** What a redacted canonical document (an order, or an event's copy of one) no longer says. */
const WITHOUT_PERSON = `'{"customer": null, "billingAddress": null, "shippingAddress": null, "note": null}'::jsonb`;

/**
 * Redacts the orders `matching` selects (with parameters from $1 on, $1 the integration) wherever
 * the hub keeps them: the canonical document and raw payload, the raw webhook deliveries of those
 * orders (their body becomes `{}`) and the copies of the order in the event log. One statement;
 * answers how many orders.
 */
const redactOrders = (matching: string) => `
WITH redacted AS (
  UPDATE orders SET canonical = canonical || ${WITHOUT_PERSON}, raw = '{"redacted": true}'::jsonb, updated_at = now()
   WHERE ${matching} RETURNING id, external_id
), deliveries AS (
  UPDATE webhook_deliveries d SET body = '\\x7b7d'::bytea
    FROM redacted r WHERE d.integration_id = $1 AND d.order_external_id = r.external_id
), events AS (
  UPDATE order_events e SET data = e.data || ${WITHOUT_PERSON} FROM redacted r WHERE e.order_id = r.id
)
SELECT count(*)::int AS n FROM redacted`;

/**
 * Shopify's privacy webhooks (customers/redact, shop/redact, customers/data_request): the hub keeps
 * the orders' commercial facts but removes the person from them, in the canonical document, the raw
 * payload, the raw deliveries and the event log.
 */
export class PrivacyService {
  constructor(private readonly hub: Hub) {}

  private params(integrationId: string, ref: CustomerRef): unknown[] {
    return [integrationId, ref.orderExternalIds, ref.customerExternalId, ref.email];
  }

  async redactCustomer(integrationId: string, ref: CustomerRef): Promise<number> {
    const rows: { n: number }[] = await this.hub.ds.query(
      redactOrders(MATCH_CUSTOMER),
      this.params(integrationId, ref),
    );
    return rows[0]?.n ?? 0;
  }

  /** The whole store: every order, and every raw delivery (whether it names an order or not). */
  async redactStore(integrationId: string): Promise<number> {
    const rows: { n: number }[] = await this.hub.ds.query(redactOrders('integration_id = $1'), [
      integrationId,
    ]);
    await this.hub.ds.query(
      `UPDATE webhook_deliveries SET body = '\\x7b7d'::bytea WHERE integration_id = $1`,
      [integrationId],
    );
    return rows[0]?.n ?? 0;
  }

  async countCustomerOrders(integrationId: string, ref: CustomerRef): Promise<number> {
    const rows: { n: number }[] = await this.hub.ds.query(
      `SELECT count(*)::int AS n FROM orders WHERE ${MATCH_CUSTOMER}`,
      this.params(integrationId, ref),
    );
    return rows[0]?.n ?? 0;
  }
}
