import type { Rng } from '../common/rng';
import type { OrderPlan } from './plan-types';

const CARRIERS = [
  ['UPS', (n: string) => `https://www.ups.com/track?tracknum=${n}`],
  ['USPS', (n: string) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`],
  ['FedEx', (n: string) => `https://www.fedex.com/fedextrack/?trknbr=${n}`],
  ['DHL Express', (n: string) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}`],
] as const;
const CANCEL_REASONS = ['customer', 'customer', 'fraud', 'inventory', 'declined', 'staff', 'other'] as const;

/** Fills payment, fulfilment, refund and cancellation events consistent with the lifecycle. */
export function planEvents(
  platform: 'woocommerce' | 'shopify',
  plan: OrderPlan,
  rng: Rng,
  opts: { partialRefund: boolean; split: boolean },
): void {
  const { lifecycle, createdAt, modifiedAt } = plan;
  const span = Math.max(0, modifiedAt - createdAt);
  /** An instant `permille`/1000 of the way from creation to last modification, whole seconds. */
  const between = (permille: number) => createdAt + Math.floor((span * permille) / 1000 / 1000) * 1000;
  const unpaid =
    lifecycle === 'pending' ||
    lifecycle === 'failed' ||
    lifecycle === 'cancelled' ||
    (lifecycle === 'on_hold' && platform === 'woocommerce');
  const paidDraw = rng.int(0, 120) * 1000;
  plan.paidAt = unpaid ? null : Math.min(modifiedAt, createdAt + paidDraw);
  if (lifecycle === 'completed') plan.completedAt = modifiedAt;
  if (lifecycle === 'cancelled') {
    plan.cancelledAt = modifiedAt;
    plan.cancelReason = rng.pick(CANCEL_REASONS);
  }
  const [company, urlFor] = rng.pick(CARRIERS);
  const tracking = () => {
    const number = `1Z${rng.text(16, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ')}`;
    return { company, number, url: urlFor(number) };
  };
  const all = plan.lines
    .map((l, lineIndex) => ({ lineIndex, quantity: l.quantity }))
    .filter((_, i) => plan.lines[i]?.requiresShipping !== false);
  if (lifecycle === 'completed' && all.length > 0) {
    const split = opts.split || (all.length > 1 && rng.chance(0.2));
    const parts = split
      ? [all.slice(0, Math.ceil(all.length / 2)), all.slice(Math.ceil(all.length / 2))]
      : [all];
    parts.forEach((lines, seq) => {
      const at = between(seq === 0 && parts.length > 1 ? 500 : 900);
      plan.fulfillments.push({ at, updatedAt: at, lines, location: 0, ...tracking(), seq });
    });
  } else if (lifecycle === 'partially_fulfilled' && all.length > 0) {
    const lines =
      all.length > 1
        ? all.slice(0, Math.ceil(all.length / 2))
        : [
            {
              lineIndex: all[0]?.lineIndex ?? 0,
              quantity: Math.max(1, Math.floor((all[0]?.quantity ?? 1) / 2)),
            },
          ];
    const at = between(800);
    plan.fulfillments.push({ at, updatedAt: at, lines, location: 0, ...tracking(), seq: 0 });
  }
  if (lifecycle === 'refunded') {
    plan.refunds.push({
      at: modifiedAt,
      lines: plan.lines.map((l, lineIndex) => ({ lineIndex, quantity: l.quantity })),
      shipping: true,
      fees: true,
      reason: 'Order refunded in full',
      restock: true,
      seq: 0,
      refundedPayment: true,
    });
  } else if (opts.partialRefund && plan.lines.length > 0) {
    plan.refunds.push({
      at: modifiedAt,
      lines: [{ lineIndex: 0, quantity: 1 }],
      shipping: false,
      fees: false,
      reason: 'One item arrived damaged',
      restock: false,
      seq: 0,
      refundedPayment: plan.payment.method !== 'bacs' && plan.payment.method !== 'cod',
    });
  }
}
