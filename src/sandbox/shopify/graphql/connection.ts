import { GraphQLError } from 'graphql';
import type { GqlContext } from './context';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export const MAX_PAGE = 250;

/** Shopify's cursors: base64 of `{"last_id":…,"last_value":…}`. */
export function encodeCursor(id: number, value: number | string): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(value) })).toString('base64');
}

export function decodeCursor(cursor: string): { id: number; value: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
      last_id?: unknown;
      last_value?: unknown;
    };
    if (typeof parsed.last_id === 'number')
      return { id: parsed.last_id, value: String(parsed.last_value ?? parsed.last_id) };
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
    extensions: { code: 'BAD_REQUEST' },
  });
}

/** Page size from first/last, with Shopify's rules (one of them required, at most 250) unless a bulk run is going. */
export function pageSize(args: PageArgs, ctx: GqlContext): { size: number; fromEnd: boolean } {
  if (ctx.bulk) return { size: Number.MAX_SAFE_INTEGER, fromEnd: false };
  const { first, last } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined))
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  if (first !== null && first !== undefined && last !== null && last !== undefined)
    throw new GraphQLError('providing both first and last is not supported', {
      extensions: { code: 'BAD_REQUEST' },
    });
  const n = first ?? last ?? 0;
  if (n < 0)
    throw new GraphQLError(
      `${first !== null && first !== undefined ? 'first' : 'last'} must be a non-negative integer`,
      { extensions: { code: 'BAD_REQUEST' } },
    );
  if (n > MAX_PAGE)
    throw new GraphQLError(
      `The ${first !== null && first !== undefined ? 'first' : 'last'} argument cannot exceed ${MAX_PAGE}.`,
      { extensions: { code: 'BAD_REQUEST' } },
    );
  return { size: n, fromEnd: last !== null && last !== undefined };
}

/** A connection over an in-memory list (nested connections: line items, fulfillment orders, levels…). */
export function listConnection<T, N>(
  items: readonly T[],
  args: PageArgs,
  ctx: GqlContext,
  idOf: (t: T) => number,
  toNode: (t: T) => N,
): Connection<N> {
  const { size, fromEnd } = pageSize(args, ctx);
  const ordered = args.reverse ? [...items].reverse() : items;
  let lo = 0;
  let hi = ordered.length;
  if (args.after) {
    const { id } = decodeCursor(args.after);
    const at = ordered.findIndex((t) => idOf(t) === id);
    lo = at >= 0 ? at + 1 : ordered.length;
  }
  if (args.before) {
    const { id } = decodeCursor(args.before);
    const at = ordered.findIndex((t) => idOf(t) === id);
    hi = at >= 0 ? at : hi;
  }
  const start = fromEnd ? Math.max(lo, hi - size) : lo;
  const end = fromEnd ? hi : Math.min(hi, lo + size);
  const slice = ordered.slice(start, Math.max(start, end));
  return build(slice, idOf, toNode, {
    hasNextPage: end < hi || (args.before !== undefined && args.before !== null && hi < ordered.length),
    hasPreviousPage: start > lo || lo > 0,
  });
}

export function build<T, N>(
  slice: readonly T[],
  idOf: (t: T) => number,
  toNode: (t: T) => N,
  flags: { hasNextPage: boolean; hasPreviousPage: boolean },
  valueOf?: (t: T) => number | string,
): Connection<N> {
  const edges = slice.map((t) => ({
    cursor: encodeCursor(idOf(t), valueOf ? valueOf(t) : idOf(t)),
    node: toNode(t),
  }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      ...flags,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
