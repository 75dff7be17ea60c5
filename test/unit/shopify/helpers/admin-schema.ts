import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  buildClientSchema,
  getVariableValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  parse,
  validate,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type SelectionSetNode,
} from 'graphql';

/** The Admin GraphQL schema, 2025-01 (Shopify/dev-mcp, ISC): test/fixtures/shopify/schema. */
let cached: GraphQLSchema | null = null;
export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const file = join(
    __dirname,
    '../../../fixtures/shopify/schema/admin-graphql-2025-01.introspection.json.gz',
  );
  const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    data: IntrospectionQuery;
  };
  // Shopify deprecates interface implementations the interface does not: graphql 17 rejects that, so the
  // schema is taken as valid (it is the server's own).
  cached = buildClientSchema(introspection.data, { assumeValid: true });
  return cached;
}

/**
 * The schema coordinate a validation error names: `Type.field` for an unknown field,
 * `Type.field(argument:)` for an unknown argument, `InputType.field` for an unknown input field.
 */
export function errorCoordinate(message: string): string | null {
  const field = /Cannot query field "(\w+)" on type "(\w+)"/.exec(message);
  if (field) return `${field[2]}.${field[1]}`;
  const argument = /Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(message);
  if (argument) return `${argument[2]}.${argument[3]}(${argument[1]}:)`;
  const input = /Expected value of type "(\w+)" not to include unknown field "(\w+)"/.exec(message);
  if (input) return `${input[1]}.${input[2]}`;
  return null;
}

/** Messages of coercing `variables` for the operation in `text`, as the server would. */
export function variableMessages(text: string, variables: Record<string, unknown>): string[] {
  const operation = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  const result = getVariableValues(adminSchema(), operation.variableDefinitions ?? [], variables);
  return 'errors' in result && result.errors ? result.errors.map((error) => error.message) : [];
}

export function validationMessages(text: string): string[] {
  return validate(adminSchema(), parse(text)).map((error) => error.message);
}

/**
 * Shopify's requested query cost, as its rate-limit page describes it: scalars and enums 0,
 * objects (and interfaces, unions) 1, connections 2 + `first` × the node's cost, mutations 10.
 * List fields sized with `first` count that many; other lists are counted once.
 */
export function estimateCost(text: string, variables: Record<string, number> = {}): number {
  const schema = adminSchema();
  const document = parse(text);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const sizeOf = (field: FieldNode): number | null => {
    const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
    if (!arg) return null;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) return variables[arg.value.name.value] ?? 250;
    return null;
  };
  const selectionCost = (type: GraphQLCompositeType, set: SelectionSetNode | undefined): number => {
    if (!set) return 0;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment =
          selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)! : selection;
        const target = fragment.typeCondition
          ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType)
          : type;
        total += selectionCost(target, fragment.selectionSet);
        continue;
      }
      if (selection.name.value === '__typename') continue;
      const parent = isAbstractType(type) ? null : type;
      const definition =
        parent && 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
      if (!definition) continue;
      const named = getNamedType(definition.type);
      if (!isCompositeType(named)) continue;
      const nullable = getNullableType(definition.type);
      if (isObjectType(named) && named.name.endsWith('Connection')) {
        const nodeType = getNamedType(named.getFields().nodes!.type) as GraphQLCompositeType;
        const inner = selection.selectionSet?.selections.find(
          (s): s is FieldNode =>
            s.kind === Kind.FIELD && (s.name.value === 'nodes' || s.name.value === 'edges'),
        );
        const nodeSelection =
          inner?.name.value === 'edges'
            ? inner.selectionSet?.selections.find(
                (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'node',
              )?.selectionSet
            : inner?.selectionSet;
        const nodeCost = inner ? 1 + selectionCost(nodeType, nodeSelection) : 0;
        total += 2 + (sizeOf(selection) ?? 1) * nodeCost;
      } else {
        const count = isListType(nullable) ? (sizeOf(selection) ?? 1) : 1;
        total += count * (1 + selectionCost(named, selection.selectionSet));
      }
    }
    return total;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (definition.operation === 'mutation') {
      total += 10;
      continue;
    }
    total += selectionCost(schema.getQueryType()!, definition.selectionSet);
  }
  return total;
}

/**
 * Every schema problem of a request as the connector sent it (document and variables), as schema
 * coordinates; a problem that names no coordinate is returned as its message.
 */
export function requestProblems(body: { query: string; variables?: Record<string, unknown> }): string[] {
  return [...validationMessages(body.query), ...variableMessages(body.query, body.variables ?? {})].map(
    (message) => errorCoordinate(message) ?? message,
  );
}
