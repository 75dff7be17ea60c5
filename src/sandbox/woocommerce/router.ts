import type { SandboxRequest } from '../common/server';
import type { WooStore } from './store';
import { WooError } from './types';

export type RouteKind = 'public' | 'list' | 'view' | 'create' | 'edit' | 'delete' | 'batch';

export interface WooReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface WooContext {
  req: SandboxRequest;
  store: WooStore;
  params: string[];
  /** The JSON (or form) body; WordPress's 400 `rest_invalid_json` when it does not parse. */
  body(): unknown;
}

export interface WooRoute {
  methods: string[];
  pattern: RegExp;
  kind: RouteKind;
  /** `Allow` header of the route's resource. */
  allow: string;
  handle(ctx: WooContext): WooReply | Promise<WooReply>;
}

const DENIED: Record<Exclude<RouteKind, 'public'>, [string, string]> = {
  list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
  view: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
  create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
  edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
  delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
  batch: ['woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.'],
};

export function permissionError(kind: RouteKind): WooError {
  const [code, message] = kind === 'public' ? DENIED.view : DENIED[kind];
  return new WooError(401, code, message);
}

export const COLLECTION = 'GET, POST';
export const ITEM = 'GET, POST, PUT, PATCH, DELETE';

export function route(
  methods: string,
  path: string,
  kind: RouteKind,
  allow: string,
  handle: WooRoute['handle'],
): WooRoute {
  return {
    methods: methods.split(','),
    pattern: new RegExp(`^/wp-json/wc/v3${path}/?$`),
    kind,
    allow,
    handle,
  };
}

/** `{"create":[…],"update":[…],"delete":[…]}` with WooCommerce's 100-item total limit (413 above). */
export async function batch<T>(
  body: unknown,
  ops: {
    create?: (item: unknown) => Promise<T> | T;
    update?: (item: unknown) => Promise<T> | T;
    delete?: (id: unknown) => Promise<T> | T;
  },
): Promise<Record<string, unknown[]>> {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const lists = {
    create: Array.isArray(b.create) ? b.create : [],
    update: Array.isArray(b.update) ? b.update : [],
    delete: Array.isArray(b.delete) ? b.delete : [],
  };
  const total = lists.create.length + lists.update.length + lists.delete.length;
  if (total > 100)
    throw new WooError(
      413,
      'woocommerce_rest_request_entity_too_large',
      'Unable to accept more than 100 items for this request.',
    );
  const out: Record<string, unknown[]> = {};
  for (const op of ['create', 'update', 'delete'] as const) {
    const fn = ops[op];
    if (!fn || !Array.isArray(b[op])) continue;
    out[op] = [];
    for (const item of lists[op]) {
      try {
        out[op].push(await fn(item));
      } catch (err) {
        if (!(err instanceof WooError)) throw err;
        const id =
          typeof item === 'object' && item !== null && 'id' in item
            ? Number((item as { id: unknown }).id) || 0
            : op === 'delete'
              ? Number(item) || 0
              : 0;
        out[op].push({ id, error: { code: err.code, message: err.message, data: { status: err.status } } });
      }
    }
  }
  return out;
}

export function idOf(item: unknown): number {
  const id = typeof item === 'object' && item !== null && 'id' in item ? (item as { id: unknown }).id : item;
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) throw new WooError(400, 'woocommerce_rest_invalid_id', 'Invalid ID.');
  return n;
}
