import type { IntrospectionQuery } from 'graphql';

/**
 * The newest public Admin schema file is 2025-01; the hub's connector pins a newer version that
 * adds a few fields (PINNED_VERSION_ONLY in src/connectors/shopify/platform.ts, each with its
 * source). The sandbox adds exactly those to the 2025-01 schema it serves, so it accepts what
 * the real newer API accepts; everything else stays 2025-01 and is rejected as Shopify would.
 */
type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Introspection = Mutable<IntrospectionQuery>;

const scalar = (name: string) => ({ kind: 'SCALAR', name, ofType: null });
const object = (name: string) => ({ kind: 'OBJECT', name, ofType: null });
const nonNull = (ofType: object) => ({ kind: 'NON_NULL', name: null, ofType });

function field(name: string, type: object, description: string) {
  return { name, description, args: [], type, isDeprecated: false, deprecationReason: null };
}

function inputValue(name: string, type: object, description: string) {
  return { name, description, type, defaultValue: null, isDeprecated: false, deprecationReason: null };
}

export function addPinnedVersionFields(introspection: IntrospectionQuery): IntrospectionQuery {
  const schema = structuredClone(introspection) as unknown as Introspection;
  const type = (name: string) => {
    const found = schema.__schema.types.find((t) => t.name === name);
    if (!found) throw new Error(`the Admin schema has no type ${name}`);
    return found as unknown as { fields?: unknown[]; inputFields?: unknown[] };
  };
  type('ShopPlan').fields?.push(
    field('publicDisplayName', nonNull(scalar('String')), 'The plan name shown to merchants (2025-07).'),
  );
  type('Customer').fields?.push(
    field(
      'defaultEmailAddress',
      object('CustomerEmailAddress'),
      'The default email address of the customer (2025-04).',
    ),
    field(
      'defaultPhoneNumber',
      object('CustomerPhoneNumber'),
      'The default phone number of the customer (2025-04).',
    ),
  );
  type('WebhookSubscription').fields?.push(
    field('uri', nonNull(scalar('String')), 'The destination URI (2025-04).'),
  );
  type('WebhookSubscriptionInput').inputFields?.push(
    inputValue('uri', scalar('String'), 'The destination URI (2025-04).'),
  );
  type('InventoryQuantityInput').inputFields?.push(
    inputValue(
      'changeFromQuantity',
      scalar('Int'),
      'Compare-and-swap: the quantity expected before the change (2026-04).',
    ),
  );
  const mutation = type('Mutation').fields as { name: string; args: unknown[] }[];
  mutation
    .find((f) => f.name === 'bulkOperationRunQuery')
    ?.args.push(inputValue('groupObjects', scalar('Boolean'), 'Children follow their parent (2025-04).'));
  return schema as unknown as IntrospectionQuery;
}
