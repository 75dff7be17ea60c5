import { Kind, parse, type FieldNode, type SelectionSetNode } from 'graphql';
import { ALL_SHOPIFY_DOCUMENTS, listShopifyDocuments } from '../../../src/connectors/shopify';
import { BULK_ORDERS_CONNECTIONS } from '../../../src/connectors/shopify/bulk/query-builder';
import {
  COST_DEFAULTS,
  PAGE_SIZES,
  PINNED_VERSION_ONLY,
  WEBHOOK_TOPICS,
} from '../../../src/connectors/shopify/platform';
import type { CatalogEntry } from '../../../src/core/integration';
import {
  adminSchema,
  errorCoordinate,
  estimateCost,
  requestProblems,
  validationMessages,
} from './helpers/admin-schema';
import { answer, setUpNock, ShopifyApiMock, shopifyContext, testIntegration } from './helpers/shopify-api';

const CALLBACK = 'https://hub.example/webhooks/shopify/int_1';

const PINNED = new Set(PINNED_VERSION_ONLY.map((p) => p.coordinate));
const IN_VARIABLES = PINNED_VERSION_ONLY.filter((p) => p.why.includes('sent in variables')).map(
  (p) => p.coordinate,
);

describe('every GraphQL document the connector sends, against the Admin schema (2025-01)', () => {
  const documents = listShopifyDocuments();

  it('lists every document, each under its own operation name, plus the bulk query', () => {
    expect(documents.length).toBe(ALL_SHOPIFY_DOCUMENTS.length + 1);
    const names = ALL_SHOPIFY_DOCUMENTS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of ALL_SHOPIFY_DOCUMENTS)
      expect(d.text).toMatch(new RegExp(`^(query|mutation) ${d.name}\\b`));
  });

  it.each(documents.map((d) => [d.name, d.text] as const))(
    '%s is valid, apart from the documented pinned-version fields',
    (_name, text) => {
      const problems = validationMessages(text).map((message) => errorCoordinate(message) ?? message);
      expect(problems.filter((p) => !PINNED.has(p))).toEqual([]);
    },
  );

  it('the pinned-version list is not stale: each document-level entry is used by some document', () => {
    const used = new Set(documents.flatMap((d) => validationMessages(d.text).map((m) => errorCoordinate(m))));
    const documentLevel = PINNED_VERSION_ONLY.map((p) => p.coordinate).filter(
      (c) => !IN_VARIABLES.includes(c),
    );
    expect(documentLevel.filter((c) => !used.has(c))).toEqual([]);
  });

  it.each(ALL_SHOPIFY_DOCUMENTS.map((d) => [d.name, d] as const))(
    '%s asks for at most 1000 points, and the rate gate reserves at least what it asks',
    (_name, document) => {
      const estimate = estimateCost(document.text, { first: PAGE_SIZES.ordersMax });
      expect(estimate).toBeLessThanOrEqual(COST_DEFAULTS.maxQueryCost);
      expect(document.estimatedCost).toBeGreaterThanOrEqual(estimate);
      expect(document.estimatedCost).toBeLessThanOrEqual(COST_DEFAULTS.maxQueryCost);
    },
  );

  it('the bulk query keeps to five connections, nested at most two deep, none inside a list', () => {
    const bulk = documents.find((d) => d.name === 'BulkOrdersQuery')!;
    const schema = adminSchema();
    const connections: { name: string; depth: number }[] = [];
    const walk = (set: SelectionSetNode | undefined, depth: number) => {
      for (const selection of set?.selections ?? []) {
        if (selection.kind !== Kind.FIELD) continue;
        const field: FieldNode = selection;
        const isConnection = field.selectionSet?.selections.some(
          (s) => s.kind === Kind.FIELD && s.name.value === 'edges',
        );
        if (isConnection) connections.push({ name: field.name.value, depth: depth + 1 });
        walk(field.selectionSet, isConnection ? depth + 1 : depth);
      }
    };
    const operation = parse(bulk.text).definitions[0]!;
    if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
    walk(operation.selectionSet, 0);
    expect(connections.map((c) => c.name)).toEqual([...BULK_ORDERS_CONNECTIONS]);
    expect(connections.length).toBeLessThanOrEqual(5);
    expect(Math.max(...connections.map((c) => c.depth))).toBeLessThanOrEqual(2);
    expect(schema.getQueryType()!.getFields().orders).toBeDefined();
    expect(bulk.text).not.toMatch(/\bfirst:/); // a bulk query reads everything
  });
});

describe('variables as the connector sends them, against the Admin schema', () => {
  setUpNock();

  it('only the documented pinned-version input fields are unknown to 2025-01', async () => {
    const api = new ShopifyApiMock();
    const level = {
      id: 'gid://shopify/InventoryItem/1',
      tracked: true,
      inventoryLevel: { quantities: [{ name: 'available', quantity: 4 }] },
    };
    api.on('InventoryLevels').reply(200, answer({ nodes: [level] }));
    api.on('InventorySetQuantities').reply(
      200,
      answer({
        inventorySetQuantities: {
          inventoryAdjustmentGroup: { reason: 'correction', changes: [] },
          userErrors: [],
        },
      }),
    );
    api
      .on('WebhookSubscriptions')
      .reply(
        200,
        answer({ webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }),
      );
    const created = {
      id: 'gid://shopify/WebhookSubscription/1',
      topic: 'ORDERS_CREATE',
      uri: CALLBACK,
      format: 'JSON',
      apiVersion: { handle: '2026-10' },
    };
    api
      .on('WebhookSubscriptionCreate')
      .times(WEBHOOK_TOPICS.length)
      .reply(200, answer({ webhookSubscriptionCreate: { webhookSubscription: created, userErrors: [] } }));

    const { integration } = testIntegration();
    const ctx = shopifyContext();
    const entry: CatalogEntry = {
      sku: 'MUG',
      productExternalId: '1',
      variantExternalId: '2',
      inventoryItemExternalId: '1',
      locationExternalIds: ['9'],
      managesStock: true,
      available: 4,
    };
    await integration.setInventory(ctx, [{ entry, available: 7, locationExternalId: '9' }]);
    await integration.ensureWebhooks(ctx, CALLBACK);

    const problems = new Set(api.requests.flatMap((body) => requestProblems(body)));
    expect([...problems].filter((p) => !PINNED.has(p))).toEqual([]);
    expect(IN_VARIABLES.filter((c) => !problems.has(c))).toEqual([]);
  });
});
