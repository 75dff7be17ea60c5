import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { addPinnedVersionFields } from './pinned-version-fields';

export const SCHEMA_VERSION = '2025-01';
const FILE = 'admin-graphql-2025-01.introspection.json.gz';

const cache = new Map<string, GraphQLSchema>();

/** Where the introspection file is: beside this module, or the team's shared fixtures as a fallback. */
export function defaultSchemaPath(): string {
  const candidates = [
    path.join(__dirname, 'schema', FILE),
    path.resolve(__dirname, '../../../../shared/fixtures/shopify/schema', FILE),
  ];
  return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
}

/** The real Admin API schema (built once per file and process: ~150 ms). */
export function loadAdminSchema(file = defaultSchemaPath()): GraphQLSchema {
  const cached = cache.get(file);
  if (cached) return cached;
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const parsed = JSON.parse(text) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = parsed.data ?? (parsed as IntrospectionQuery);
  // Shopify's schema has a few deprecation mismatches graphql 17 would refuse; it is valid for Shopify.
  const schema = buildClientSchema(addPinnedVersionFields(introspection), { assumeValid: true });
  cache.set(file, schema);
  return schema;
}
