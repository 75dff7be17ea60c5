import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { gid } from '../ids';
import type { ShopifyStore } from '../store';
import type { LeakyBucket } from './bucket';
import { bulkWork } from './bulk-runner';
import type { GqlContext } from './context';
import { actualCost, requestedCost, type CostInput } from './cost';
import { shopifySyntaxError, shopifyValidationErrors, shopifyVariableError } from './errors';
import { mutationRoot } from './mutation-root';
import { fieldResolver, typeResolver } from './resolve';
import { queryRoot, type SearchReport } from './root';
import { bulkView } from './views-admin';

export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlReply {
  status: number;
  body: unknown;
}

const MAX_COST = 1000;

/** The Admin API GraphQL endpoint: validation against the real schema, cost, bucket, execution. */
export class ShopifyGraphql {
  constructor(
    readonly schema: GraphQLSchema,
    readonly store: ShopifyStore,
    readonly bucket: LeakyBucket,
    readonly scopes: string[],
  ) {}

  private costExtension(requested: number, actual: number | null) {
    return { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.bucket.status() };
  }

  async handle(req: GraphqlRequest, version: string): Promise<GraphqlReply> {
    this.store.counters.graphqlRequests += 1;
    if (typeof req.query !== 'string' || req.query.trim() === '')
      return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    let doc: DocumentNode;
    try {
      doc = parse(req.query);
    } catch (err) {
      if (err instanceof GraphQLError) return { status: 200, body: { errors: [shopifySyntaxError(err)] } };
      throw err;
    }
    const invalid = validate(this.schema, doc);
    if (invalid.length > 0) return { status: 200, body: { errors: shopifyValidationErrors(invalid, doc) } };
    const operationName = typeof req.operationName === 'string' ? req.operationName : null;
    const operation = getOperationAST(doc, operationName);
    if (!operation)
      return {
        status: 200,
        body: {
          errors: [
            { message: 'An operation name is required', extensions: { code: 'OPERATION_NAME_REQUIRED' } },
          ],
        },
      };
    const variables =
      typeof req.variables === 'object' && req.variables !== null
        ? (req.variables as Record<string, unknown>)
        : {};
    const costInput: CostInput = { schema: this.schema, doc, operation, variables };
    const requested = requestedCost(costInput);
    if (requested > MAX_COST) {
      const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`;
      return {
        status: 200,
        body: {
          errors: [
            { message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_COST } },
          ],
          extensions: { cost: this.costExtension(requested, null) },
        },
      };
    }
    if (!this.bucket.take(requested)) {
      this.store.counters.throttled += 1;
      return {
        status: 200,
        body: {
          errors: [
            {
              message: 'Throttled',
              extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
            },
          ],
          extensions: { cost: this.costExtension(requested, null) },
        },
      };
    }
    const reports: SearchReport[] = [];
    const ctx: GqlContext = { store: this.store, version, bulk: null, home: this.store.home };
    const rootValue =
      operation.operation === 'mutation'
        ? mutationRoot(ctx, { startBulk: (q) => this.startBulk(q, version) })
        : queryRoot(ctx, { scopes: this.scopes, reports });
    const result = await execute({
      schema: this.schema,
      document: doc,
      rootValue,
      contextValue: ctx,
      variableValues: variables,
      operationName,
      fieldResolver: fieldResolver(this.schema),
      typeResolver,
    });
    if (!('data' in result) || result.data === undefined) {
      this.bucket.refund(requested);
      return {
        status: 200,
        body: { errors: (result.errors ?? []).map((e) => shopifyVariableError(e, doc, variables)) },
      };
    }
    const actual = Math.min(requested, actualCost(costInput, result.data));
    this.bucket.refund(requested - actual);
    return {
      status: 200,
      body: {
        ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
        data: result.data,
        extensions: {
          cost: this.costExtension(requested, actual),
          ...(reports.length ? { search: reports } : {}),
        },
      },
    };
  }

  /** bulkOperationRunQuery: validates, refuses while one runs, then runs asynchronously. */
  startBulk(query: string, version: string) {
    const running = this.store.bulk.inProgress();
    if (running)
      return {
        errors: [
          {
            field: null,
            message: `A bulk query operation for this app and shop is already in progress: ${gid('BulkOperation', running.id)}.`,
            code: 'OPERATION_IN_PROGRESS',
          },
        ],
      };
    const invalid = (message: string) => ({
      errors: [{ field: ['query'], message: `Invalid bulk query: ${message}`, code: 'INVALID' }],
    });
    let doc: DocumentNode;
    try {
      doc = parse(query);
    } catch (err) {
      return invalid(err instanceof GraphQLError ? shopifySyntaxError(err).message : String(err));
    }
    const errors = validate(this.schema, doc);
    if (errors.length > 0) return invalid(shopifyValidationErrors(errors, doc)[0]?.message ?? 'invalid');
    const operation = getOperationAST(doc, null);
    if (!operation || operation.operation !== 'query')
      return invalid('Bulk queries must be a single query operation.');
    const root = operation.selectionSet.selections.find((s) => s.kind === 'Field');
    const rootType =
      root && root.kind === 'Field'
        ? this.schema.getQueryType()?.getFields()[root.name.value]?.type.toString()
        : undefined;
    if (!rootType?.includes('Connection'))
      return invalid('Bulk queries must contain at least one connection.');
    const op = this.store.bulk.start(
      query,
      bulkWork(this.schema, this.store, doc, operation, version, this.scopes),
      (done) => {
        this.store.webhooks.emit('BULK_OPERATIONS_FINISH', () => ({
          admin_graphql_api_id: gid('BulkOperation', done.id),
          completed_at: done.completedAt === null ? null : new Date(done.completedAt).toISOString(),
          created_at: new Date(done.createdAt).toISOString(),
          error_code: done.errorCode?.toLowerCase() ?? null,
          status: done.status.toLowerCase(),
          type: 'query',
        }));
      },
    );
    return { op: bulkView(op), errors: [] };
  }
}
