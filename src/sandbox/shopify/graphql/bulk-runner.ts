import { execute, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { BulkWork } from '../bulk';
import type { ShopifyStore } from '../store';
import type { BulkWindow, GqlContext } from './context';
import { fieldResolver, typeResolver } from './resolve';
import { queryRoot } from './root';

type Row = Record<string, unknown>;

function isConnectionValue(v: unknown): v is { edges?: { node: unknown }[]; nodes?: unknown[] } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return (
    keys.length > 0 &&
    keys.every((k) => k === 'edges' || k === 'nodes' || k === 'pageInfo') &&
    (keys.includes('edges') || keys.includes('nodes'))
  );
}

function nodesOf(v: { edges?: { node: unknown }[]; nodes?: unknown[] }): unknown[] {
  return v.nodes ?? v.edges?.map((e) => e.node) ?? [];
}

/** JSONL as Shopify writes it (slashes escaped, like the real files). */
function jsonLine(row: Row): string {
  return JSON.stringify(row).replace(/\//g, '\\/');
}

/** Parent row first, then each nested connection's rows with `__parentId` (flat, Shopify's JSONL layout). */
function flatten(node: unknown, parentId: string | null, emit: (line: string) => void): void {
  if (typeof node !== 'object' || node === null) return;
  const row: Row = {};
  const children: unknown[][] = [];
  for (const [k, v] of Object.entries(node)) {
    if (isConnectionValue(v)) children.push(nodesOf(v));
    else row[k] = v;
  }
  if (parentId !== null) row.__parentId = parentId;
  emit(jsonLine(row));
  const id = typeof row.id === 'string' ? row.id : null;
  for (const list of children) for (const child of list) flatten(child, id, emit);
}

/** Runs a bulk query window by window (the root connection pages itself), yielding between windows. */
export function bulkWork(
  schema: GraphQLSchema,
  store: ShopifyStore,
  doc: DocumentNode,
  operation: OperationDefinitionNode,
  version: string,
  scopes: string[],
): BulkWork {
  const rootField = operation.selectionSet.selections.find((s) => s.kind === 'Field');
  const key = rootField && rootField.kind === 'Field' ? (rootField.alias?.value ?? rootField.name.value) : '';
  return async (emit, cancelled) => {
    const window: BulkWindow = { after: null, size: 250, endCursor: null, hasNext: false };
    let roots = 0;
    for (;;) {
      window.hasNext = false;
      const ctx: GqlContext = { store, version, bulk: window, home: store.home };
      const result = await execute({
        schema,
        document: doc,
        rootValue: queryRoot(ctx, { scopes, reports: [] }),
        contextValue: ctx,
        fieldResolver: fieldResolver(schema),
        typeResolver,
      });
      if (!result.data) throw new Error(result.errors?.[0]?.message ?? 'bulk query failed');
      const top = (result.data as Row)[key];
      const nodes = isConnectionValue(top) ? nodesOf(top) : [];
      for (const n of nodes) {
        roots += 1;
        flatten(n, null, emit);
      }
      if (!window.hasNext || cancelled() || window.endCursor === null) break;
      window.after = window.endCursor;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { rootObjectCount: roots };
  };
}
