import { randomUUID } from 'node:crypto';
import type { CanonicalOrder } from '../../../src/core/canonical/types';
import type { Integration } from '../../../src/db/integration-store';
import type { TestHub } from '../../helpers/hub';
import { sampleCanonicalOrder } from '../../helpers/orders';
import { connectStore, createTenant, startPushHub, waitFor, type Json } from './helpers/hub';
import { startSubscriber, validSignature, type Subscriber } from './helpers/subscriber';

const TYPES = ['order.created', 'order.updated', 'order.cancelled'];

describe('signed canonical order events to downstream subscribers', () => {
  let hub: TestHub;
  const subscribers: Subscriber[] = [];

  beforeAll(async () => {
    hub = await startPushHub({ EVENT_MAX_ATTEMPTS: '3' });
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  /** A tenant with a store, a subscriber on loopback and its subscription. */
  async function subscribed(): Promise<{
    apiKey: string;
    integration: Integration;
    subscriber: Subscriber;
    subscription: { id: string; secret: string };
  }> {
    const { tenantId, apiKey } = await createTenant(hub);
    const integration = await connectStore(hub, tenantId, {
      platform: 'woocommerce',
      storeUrl: `https://${randomUUID().slice(0, 8)}.example.com`,
      credentials: { consumerKey: 'ck_events', consumerSecret: 'cs_events' },
    });
    const subscriber = await startSubscriber();
    subscribers.push(subscriber);
    const res = await hub.request('POST', '/v1/subscriptions', {
      token: apiKey,
      body: { url: subscriber.url, events: TYPES },
    });
    expect(res.status).toBe(201);
    return { apiKey, integration, subscriber, subscription: res.body as { id: string; secret: string } };
  }

  let clock = Date.parse('2025-06-01T10:00:00Z');
  /** Writes versions of orders the way every source does (one upsert, its event in the same statement). */
  async function write(integration: Integration, changes: Partial<CanonicalOrder>[]): Promise<void> {
    for (const change of changes) {
      clock += 60_000;
      await hub.hub.stores.orders.upsert(
        [
          {
            tenantId: integration.tenantId,
            integrationId: integration.id,
            canonical: sampleCanonicalOrder({ updatedAt: new Date(clock).toISOString(), ...change }),
            raw: {},
          },
        ],
        'webhook',
      );
    }
  }

  async function eventIds(integration: Integration): Promise<string[]> {
    const rows: { id: string }[] = await hub.hub.ds.query(
      'SELECT id FROM order_events WHERE integration_id = $1 ORDER BY id',
      [integration.id],
    );
    return rows.map((r) => String(r.id));
  }

  it('subscribes (the secret is shown once), then delivers each change signed on its raw body', async () => {
    const { apiKey, integration, subscriber, subscription } = await subscribed();
    expect(subscription).toMatchObject({ id: expect.any(String), secret: expect.stringMatching(/^whsec_/) });
    const listed = await hub.request('GET', '/v1/subscriptions', { token: apiKey });
    expect((listed.body as { data: Json[] }).data).toEqual([
      expect.objectContaining({ id: subscription.id, url: subscriber.url, events: TYPES }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(subscription.secret);

    await write(integration, [{ externalId: 'S-1', orderNumber: 'S-1' }]);
    const [event] = await waitFor('the event', () =>
      subscriber.accepted().length >= 1 ? subscriber.accepted() : null,
    );
    expect(validSignature(event!.rawBody, subscription.secret, event!.signature)).toBe(true);
    expect(validSignature(event!.rawBody, 'whsec_not-the-secret', event!.signature)).toBe(false);
    expect(event!.eventId).toBe(event!.body.id);
    const stored = await hub.hub.stores.orders.findByExternalId(integration.id, 'S-1');
    expect(event!.body).toMatchObject({
      type: 'order.created',
      createdAt: expect.any(String),
      data: { id: stored!.id, integrationId: integration.id, externalId: 'S-1', channel: 'woocommerce' },
    });
    expect(Object.keys(event!.body).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
  });

  it('refuses subscriber URLs in the hub’s own network or over plain http, naming the field', async () => {
    const { apiKey } = await createTenant(hub);
    for (const url of [
      'http://10.1.2.3/events',
      'https://169.254.169.254/latest',
      'http://example.com/events',
    ]) {
      const res = await hub.request('POST', '/v1/subscriptions', {
        token: apiKey,
        body: { url, events: TYPES },
      });
      expect([url, res.status]).toEqual([url, 400]);
      expect((res.body as { error: { details: { field: string }[] } }).error.details).toEqual([
        expect.objectContaining({ field: 'body.url' }),
      ]);
    }
  });

  it('delivers every change, in order for each order', async () => {
    const { integration, subscriber } = await subscribed();
    await write(integration, [
      { externalId: 'A', status: 'processing' },
      { externalId: 'B', status: 'processing' },
      { externalId: 'A', status: 'fulfilled', fulfillmentStatus: 'fulfilled' },
      { externalId: 'B', status: 'cancelled', cancelledAt: '2025-06-02T00:00:00Z' },
      { externalId: 'A', status: 'refunded', financialStatus: 'refunded' },
    ]);
    const ids = await eventIds(integration);
    expect(ids).toHaveLength(5);
    await waitFor('all events', () => subscriber.accepted().length >= 5);
    const accepted = subscriber.accepted();
    expect(accepted.map((e) => e.eventId)).toEqual(ids);
    const of = (externalId: string) =>
      accepted
        .filter((e) => e.body.data.externalId === externalId)
        .map((e) => `${e.body.type}:${e.body.data.status}`);
    expect(of('A')).toEqual([
      'order.created:processing',
      'order.updated:fulfilled',
      'order.updated:refunded',
    ]);
    expect(of('B')).toEqual(['order.created:processing', 'order.cancelled:cancelled']);
  });

  it('a subscriber failing for a while then answering 200 receives everything afterwards, in order, nothing skipped', async () => {
    const { apiKey, integration, subscriber } = await subscribed();
    let refusals = 2;
    subscriber.answer = () => (refusals-- > 0 ? 500 : 200);
    await write(integration, [
      { externalId: 'R', status: 'processing' },
      { externalId: 'R', status: 'fulfilled', fulfillmentStatus: 'fulfilled' },
      { externalId: 'Q', status: 'processing' },
    ]);
    const ids = await eventIds(integration);
    await waitFor('every event after the outage', () => subscriber.accepted().length >= ids.length, 15_000);
    expect(subscriber.received.filter((r) => r.status === 500).map((r) => r.eventId)).toEqual([
      ids[0],
      ids[0],
    ]);
    expect(subscriber.accepted().map((e) => e.eventId)).toEqual(ids);
    // The hub acknowledges after the answer: the cursor follows a moment later.
    const state = await waitFor('the cursor to reach the last event', async () => {
      const listed = await hub.request('GET', '/v1/subscriptions', { token: apiKey });
      const [sub] = (listed.body as { data: Json[] }).data;
      return sub?.lastDeliveredEventId === ids.at(-1) ? sub : null;
    });
    expect(state).toMatchObject({ failingAttempts: 0, lastError: null });
  });

  it('an event refused on every attempt becomes a dead letter, the subscriber moves on, and a replay sends it again', async () => {
    const { apiKey, integration, subscriber, subscription } = await subscribed();
    let poisoned = true;
    subscriber.answer = (event) => (poisoned && event.data.externalId === 'POISON' ? 500 : 200);
    await write(integration, [{ externalId: 'POISON' }, { externalId: 'FINE' }]);
    const [poison, fine] = await eventIds(integration);

    const letter = await waitFor(
      'the dead letter',
      async () => {
        const list = await hub.request('GET', '/v1/dead-letters', { token: apiKey });
        return (list.body as { data: Json[] }).data.find((l) => (l.payload as Json).eventId === poison);
      },
      15_000,
    );
    // (Hubs of other test files share this database and may deliver too: the count is at least 3.)
    expect(letter).toMatchObject({ queue: 'events', jobName: 'event' });
    expect(letter.attempts).toBeGreaterThanOrEqual(3);
    const refused = subscriber.received.filter((r) => r.eventId === poison);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.every((r) => r.status === 500)).toBe(true);
    await waitFor('the next event', () => subscriber.accepted().some((e) => e.eventId === fine));

    poisoned = false;
    const replay = await hub.request('POST', `/v1/dead-letters/${String(letter.id)}/replay`, {
      token: apiKey,
    });
    expect(replay.status).toBe(202);
    const again = await waitFor('the replayed event', () =>
      subscriber.accepted().find((e) => e.eventId === poison),
    );
    expect(validSignature(again.rawBody, subscription.secret, again.signature)).toBe(true);
    expect(again.body.data.externalId).toBe('POISON');
  });

  it('unsubscribes: 204, then 404 for the same id (and for another tenant’s), and nothing more is sent', async () => {
    const { apiKey, integration, subscriber, subscription } = await subscribed();
    const other = await createTenant(hub);
    const foreign = await hub.request('DELETE', `/v1/subscriptions/${subscription.id}`, {
      token: other.apiKey,
    });
    expect(foreign.status).toBe(404);
    expect(
      (await hub.request('DELETE', `/v1/subscriptions/${subscription.id}`, { token: apiKey })).status,
    ).toBe(204);
    expect(
      (await hub.request('DELETE', `/v1/subscriptions/${subscription.id}`, { token: apiKey })).status,
    ).toBe(404);
    const listed = await hub.request('GET', '/v1/subscriptions', { token: apiKey });
    expect((listed.body as { data: Json[] }).data).toEqual([]);
    // The tenant has no subscriber left: its changes are not even logged as events.
    await write(integration, [{ externalId: 'AFTER' }]);
    expect(await eventIds(integration)).toEqual([]);
    expect(subscriber.received).toEqual([]);
  });

  it('never skips an event whose transaction commits after a later one was delivered', async () => {
    const { integration, subscriber } = await subscribed();
    await write(integration, [{ externalId: 'EARLY' }]);
    await waitFor('the first event', () => subscriber.accepted().length >= 1);
    const order = await hub.hub.stores.orders.findByExternalId(integration.id, 'EARLY');

    // A writer that took its event id and has not committed yet (a slow upsert batch)…
    const slow = hub.hub.ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const [inserted] = (await slow.query(
      `INSERT INTO order_events (tenant_id, integration_id, order_id, type, order_version, source, data)
       VALUES ($1, $2, $3, 'order.updated', 2, 'webhook', $4) RETURNING id`,
      [
        integration.tenantId,
        integration.id,
        order!.id,
        JSON.stringify({ ...order!.canonical, status: 'on_hold' }),
      ],
    )) as { id: string }[];
    const slowId = String(inserted!.id);
    // …while a later change commits at once.
    await write(integration, [{ externalId: 'LATER' }]);
    const laterId = (await eventIds(integration)).at(-1)!;
    expect(BigInt(laterId)).toBeGreaterThan(BigInt(slowId));
    // The later event must wait for the earlier id: nothing more is delivered meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(subscriber.accepted()).toHaveLength(1);

    await slow.commitTransaction();
    await slow.release();
    await waitFor('both events', () => subscriber.accepted().length >= 3, 10_000);
    expect(
      subscriber
        .accepted()
        .map((e) => e.eventId)
        .slice(1),
    ).toEqual([String(slowId), laterId]);
  });
});
