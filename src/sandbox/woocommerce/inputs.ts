import { isJsonObject } from '../../core/json';
import { invalidParam, type WooAddress } from './types';

/** The subset of the wc/v3 order body the sandbox understands (POST /orders, PUT /orders/{id}, store.createOrder). */
export interface WooOrderInput {
  status?: string;
  currency?: string;
  customer_id?: number;
  customer_note?: string;
  billing?: Partial<WooAddress>;
  shipping?: Partial<WooAddress>;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  set_paid?: boolean;
  created_via?: string;
  line_items?: {
    product_id?: number;
    variation_id?: number;
    sku?: string;
    quantity?: number;
    name?: string;
    total?: string;
    meta_data?: { key: string; value: string }[];
  }[];
  shipping_lines?: { method_id?: string; method_title?: string; total?: string }[];
  fee_lines?: { name?: string; total?: string; tax_status?: string }[];
  coupon_lines?: { code: string }[];
  meta_data?: { key: string; value: string }[];
}

export interface WooRefundInput {
  amount?: string;
  reason?: string;
  api_refund?: boolean;
  api_restock?: boolean;
  line_items?: {
    id: number;
    quantity?: number;
    refund_total?: string;
    refund_tax?: { id: number; refund_total: string }[];
  }[];
}

type Obj = Record<string, unknown>;

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw invalidParam(key, 'rest_invalid_type', `${key} is not of type string.`);
}

function int(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw invalidParam(key, 'rest_invalid_type', `${key} is not of type integer.`);
  return n;
}

function bool(o: Obj, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  throw invalidParam(key, 'rest_invalid_type', `${key} is not of type boolean.`);
}

function objects(o: Obj, key: string): Obj[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every(isJsonObject))
    throw invalidParam(key, 'rest_invalid_type', `${key} is not of type array.`);
  return v as Obj[];
}

function addressOf(o: Obj, key: string): Partial<WooAddress> | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) throw invalidParam(key, 'rest_invalid_type', `${key} is not of type object.`);
  const out: Partial<WooAddress> = {};
  for (const field of [
    'first_name',
    'last_name',
    'company',
    'address_1',
    'address_2',
    'city',
    'state',
    'postcode',
    'country',
    'email',
    'phone',
  ] as const) {
    const s = str(v, field);
    if (s !== undefined) out[field] = s;
  }
  return out;
}

function meta(o: Obj): { key: string; value: string }[] | undefined {
  return objects(o, 'meta_data')?.map((m) => ({
    key: str(m, 'key') ?? '',
    value: typeof m.value === 'string' ? m.value : JSON.stringify(m.value ?? ''),
  }));
}

/** Reads a JSON body into an order input, with WordPress-style 400s for wrong types. */
export function readOrderInput(body: unknown): WooOrderInput {
  const o: Obj = isJsonObject(body) ? body : {};
  const input: WooOrderInput = {};
  const set = <K extends keyof WooOrderInput>(k: K, v: WooOrderInput[K] | undefined) => {
    if (v !== undefined) input[k] = v;
  };
  set('status', str(o, 'status'));
  set('currency', str(o, 'currency'));
  set('customer_id', int(o, 'customer_id'));
  set('customer_note', str(o, 'customer_note'));
  set('billing', addressOf(o, 'billing'));
  set('shipping', addressOf(o, 'shipping'));
  set('payment_method', str(o, 'payment_method'));
  set('payment_method_title', str(o, 'payment_method_title'));
  set('transaction_id', str(o, 'transaction_id'));
  set('set_paid', bool(o, 'set_paid'));
  set('created_via', str(o, 'created_via'));
  set('meta_data', meta(o));
  set(
    'line_items',
    objects(o, 'line_items')?.map((l) => {
      const line: NonNullable<WooOrderInput['line_items']>[number] = {};
      const pid = int(l, 'product_id');
      const vid = int(l, 'variation_id');
      const q = int(l, 'quantity');
      const sku = str(l, 'sku');
      const total = str(l, 'total');
      const name = str(l, 'name');
      const m = meta(l);
      if (pid !== undefined) line.product_id = pid;
      if (vid !== undefined) line.variation_id = vid;
      if (q !== undefined) line.quantity = q;
      if (sku !== undefined) line.sku = sku;
      if (total !== undefined) line.total = total;
      if (name !== undefined) line.name = name;
      if (m !== undefined) line.meta_data = m;
      return line;
    }),
  );
  set(
    'shipping_lines',
    objects(o, 'shipping_lines')?.map((s) => ({
      method_id: str(s, 'method_id') ?? 'flat_rate',
      method_title: str(s, 'method_title') ?? 'Shipping',
      total: str(s, 'total') ?? '0',
    })),
  );
  set(
    'fee_lines',
    objects(o, 'fee_lines')?.map((f) => ({
      name: str(f, 'name') ?? 'Fee',
      total: str(f, 'total') ?? '0',
      tax_status: str(f, 'tax_status') ?? 'taxable',
    })),
  );
  set(
    'coupon_lines',
    objects(o, 'coupon_lines')?.map((c) => ({ code: str(c, 'code') ?? '' })),
  );
  return input;
}

export function readRefundInput(body: unknown): WooRefundInput {
  const o: Obj = isJsonObject(body) ? body : {};
  const input: WooRefundInput = {};
  const amount = str(o, 'amount');
  const reason = str(o, 'reason');
  const apiRefund = bool(o, 'api_refund');
  const apiRestock = bool(o, 'api_restock');
  if (amount !== undefined) input.amount = amount;
  if (reason !== undefined) input.reason = reason;
  if (apiRefund !== undefined) input.api_refund = apiRefund;
  if (apiRestock !== undefined) input.api_restock = apiRestock;
  const lines = objects(o, 'line_items');
  if (lines) {
    input.line_items = lines.map((l) => {
      const line: NonNullable<WooRefundInput['line_items']>[number] = { id: int(l, 'id') ?? 0 };
      const q = int(l, 'quantity');
      const total = str(l, 'refund_total');
      if (q !== undefined) line.quantity = q;
      if (total !== undefined) line.refund_total = total;
      const taxes = objects(l, 'refund_tax');
      if (taxes)
        line.refund_tax = taxes.map((t) => ({
          id: int(t, 'id') ?? 0,
          refund_total: str(t, 'refund_total') ?? '0',
        }));
      return line;
    });
  }
  return input;
}
