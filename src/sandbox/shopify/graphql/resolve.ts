import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import type { GqlContext } from './context';

const SCALAR_DEFAULTS: Record<string, unknown> = {
  Boolean: false,
  Int: 0,
  Float: 0,
  Money: '0.0',
  Decimal: '0.0',
  UnsignedInt64: '0',
  BigInt: '0',
  DateTime: '1970-01-01T00:00:00Z',
  Date: '1970-01-01',
  JSON: {},
};

/**
 * What a field the sandbox does not model resolves to: null when nullable, otherwise an empty value of
 * its type, so every query Shopify would accept also runs here (with neutral values).
 */
export function emptyValue(schema: GraphQLSchema, type: GraphQLOutputType): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]?.value ?? null;
  if (isObjectType(named)) return {};
  if (isAbstractType(named)) return { __typename: schema.getPossibleTypes(named)[0]?.name };
  if (named.name === 'ID') return 'gid://shopify/Sandbox/0';
  return SCALAR_DEFAULTS[named.name] ?? '';
}

/** Fields are properties or methods (called with args and context) of the view objects. */
export function fieldResolver(schema: GraphQLSchema): GraphQLFieldResolver<unknown, GqlContext> {
  return (source, args, ctx, info) => {
    if (typeof source === 'object' && source !== null) {
      const value: unknown = (source as Record<string, unknown>)[info.fieldName];
      if (typeof value === 'function')
        return (value as (a: unknown, c: GqlContext) => unknown).call(source, args, ctx);
      if (value !== undefined) return value;
    }
    return emptyValue(schema, info.returnType);
  };
}

export const typeResolver: GraphQLTypeResolver<unknown, GqlContext> = (value, _ctx, info, abstractType) => {
  const named =
    typeof value === 'object' && value !== null ? (value as { __typename?: unknown }).__typename : undefined;
  return typeof named === 'string' ? named : info.schema.getPossibleTypes(abstractType)[0]?.name;
};
