import { parseMinor } from '../common/money';
import { toSecond } from '../common/time';
import { currencyInfo } from '../seed/geo';
import type { PlanRefundLine } from '../seed/plan-types';
import { priceOrder } from '../seed/pricing';
import type { WooRefundInput } from './inputs';
import { applyStatus } from './mutations';
import type { WooStore } from './store';
import { WooError, type WooRefund } from './types';

const REFUND_GATEWAYS = new Set(['stripe', 'ppcp-gateway', 'paypal', 'woocommerce_payments']);

export function createRefund(store: WooStore, id: number, input: WooRefundInput, rest: boolean): WooRefund {
  const slot = store.slot(id);
  const record = store.record(slot);
  const plan = record.plan;
  const digits = currencyInfo(plan.currency).digits;
  const priced = priceOrder(plan, plan.currency);
  const lines: PlanRefundLine[] = [];
  for (const l of input.line_items ?? []) {
    const lineIndex = l.id - slot.itemBase;
    const line = plan.lines[lineIndex];
    if (!line || lineIndex >= plan.lines.length) continue;
    const entry: PlanRefundLine = { lineIndex, quantity: Math.min(l.quantity ?? 0, line.quantity) };
    if (l.refund_total !== undefined) {
      const exTotal = parseMinor(l.refund_total, digits) ?? 0;
      const tax = (l.refund_tax ?? []).reduce((a, t) => a + (parseMinor(t.refund_total, digits) ?? 0), 0);
      entry.subtotal = plan.taxesIncluded ? exTotal + tax : exTotal;
      entry.tax = tax;
    }
    if (entry.quantity > 0 || entry.subtotal) lines.push(entry);
  }
  const explicit = input.amount !== undefined ? parseMinor(input.amount, digits) : null;
  if (input.amount !== undefined && (explicit === null || explicit < 0))
    throw new WooError(
      400,
      'woocommerce_rest_invalid_order_refund',
      'Refund amount must be greater than zero.',
    );
  const draft = {
    at: 0,
    lines,
    shipping: false,
    fees: false,
    reason: '',
    restock: false,
    seq: plan.refunds.length,
    refundedPayment: false,
  };
  const trial = priceOrder({ ...plan, refunds: [...plan.refunds, draft] }, plan.currency);
  const amount = explicit ?? trial.refunds[trial.refunds.length - 1]?.amount ?? 0;
  if (amount <= 0)
    throw new WooError(
      400,
      'woocommerce_rest_invalid_order_refund',
      'Refund amount must be greater than zero.',
    );
  if (amount > priced.total - priced.refunded)
    throw new WooError(500, 'woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.');
  const apiRefund = input.api_refund ?? rest;
  if (apiRefund && !REFUND_GATEWAYS.has(plan.payment.method))
    throw new WooError(
      500,
      'woocommerce_rest_cannot_create_order_refund',
      'The payment gateway for this order does not support automatic refunds.',
    );
  const kept = store.materialize(slot);
  const now = toSecond(Date.now());
  const seq = kept.plan.refunds.length;
  slot.refundIds[seq] = store.nextPostId++;
  const restock = input.api_restock ?? true;
  kept.plan.refunds.push({
    at: now,
    lines,
    shipping: false,
    fees: false,
    reason: input.reason ?? '',
    restock,
    amount,
    seq,
    refundedPayment: apiRefund,
  });
  const symbol = currencyInfo(plan.currency).symbol;
  kept.notes.unshift({
    id: store.newNoteId(),
    at: now,
    note: `Refunded ${symbol}${(amount / 10 ** digits).toFixed(digits)}${input.reason ? ` – ${input.reason}` : ''}.`,
    customerNote: false,
    author: 'WooCommerce',
  });
  let touched: number[] = [];
  if (restock && lines.length > 0) {
    touched = store.catalog.reduceStock(
      lines.map((l) => ({
        ...store.catalog.idsOf(kept.plan.lines[l.lineIndex]?.variantIndex ?? null),
        quantity: -l.quantity,
      })),
      now,
    );
  }
  const after = priceOrder(kept.plan, kept.plan.currency);
  if (after.refunded >= after.total && slot.status !== 'refunded')
    applyStatus(store, slot, kept, 'refunded', now);
  store.table.touch(slot, now);
  store.counters.refundsCreated += 1;
  store.emitOrder('order.updated', slot);
  store.emitProduct(touched);
  return store.refundJson(slot, slot.refundIds[seq] ?? 0);
}

export function deleteRefund(store: WooStore, id: number, refundId: number): WooRefund {
  const slot = store.slot(id);
  const json = store.refundJson(slot, refundId);
  const record = store.materialize(slot);
  record.plan.refunds = record.plan.refunds.filter((r) => slot.refundIds[r.seq] !== refundId);
  return json;
}
