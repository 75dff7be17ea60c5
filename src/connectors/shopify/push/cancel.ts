import { ChannelError } from '../../../core/errors';
import type { CancelPush, PushResult, RawOrder } from '../../../core/integration';
import type { Sleep } from '../../../core/retry-policy';
import { shopifyGid } from '../gids';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { objectAt, userErrorsAt, userErrorsMessage } from '../graphql/answer';
import { SHOPIFY_PLATFORM } from '../platform';
import { JOB_STATUS, ORDER_CANCEL, ORDER_CANCEL_STATE } from '../queries/cancel';

export interface CancelTiming {
  sleep: Sleep;
  pollIntervalMs: number;
  maxPolls: number;
}

/** `OrderCancelReason` for the hub's free-text reason: the enum word itself, a close synonym, else OTHER. */
export function cancelReason(reason: string | null): string {
  const text = reason?.trim().toLowerCase() ?? '';
  if (/fraud/.test(text)) return 'FRAUD';
  if (/inventory|stock/.test(text)) return 'INVENTORY';
  if (/declin/.test(text)) return 'DECLINED';
  if (/customer/.test(text)) return 'CUSTOMER';
  if (/staff/.test(text)) return 'STAFF';
  return 'OTHER';
}

async function cancelledAt(
  client: ShopifyGraphqlClient,
  orderId: string,
  externalId: string,
): Promise<string | null> {
  const order = objectAt((await client.request(ORDER_CANCEL_STATE, { id: orderId })).order);
  if (!order)
    throw new ChannelError('not_found', `Shopify has no order ${externalId}`, { platform: SHOPIFY_PLATFORM });
  return typeof order.cancelledAt === 'string' ? order.cancelledAt : null;
}

/**
 * Cancels an order (`orderCancel`, an asynchronous job; never refunds: the hub's cancel moves no
 * money). An order already cancelled is left alone. Waits briefly for the job before reading back.
 */
export async function cancelOrder(
  client: ShopifyGraphqlClient,
  push: CancelPush,
  readBack: (externalId: string) => Promise<RawOrder | null>,
  timing: CancelTiming,
): Promise<PushResult> {
  const orderId = shopifyGid('Order', push.orderExternalId);
  if ((await cancelledAt(client, orderId, push.orderExternalId)) !== null) {
    return { outcome: 'already_applied', channelRef: null, order: await readBack(push.orderExternalId) };
  }
  const data = await client.request(ORDER_CANCEL, {
    orderId,
    reason: cancelReason(push.reason),
    restock: push.restock,
    notifyCustomer: push.notifyCustomer,
    staffNote: `Cancelled through Channel Hub${push.reason ? `: ${push.reason}` : ''}`.slice(0, 255),
  });
  const payload = objectAt(data.orderCancel);
  const errors = userErrorsAt(payload, 'orderCancelUserErrors');
  if (errors.length > 0) {
    if ((await cancelledAt(client, orderId, push.orderExternalId)) !== null) {
      return { outcome: 'already_applied', channelRef: null, order: await readBack(push.orderExternalId) };
    }
    throw new ChannelError(
      'rejected',
      `Shopify refused to cancel order ${push.orderExternalId}: ${userErrorsMessage(errors)}`,
      {
        platform: SHOPIFY_PLATFORM,
      },
    );
  }
  const job = objectAt(payload?.job);
  if (job && typeof job.id === 'string' && job.done !== true) await waitForJob(client, job.id, timing);
  return { outcome: 'applied', channelRef: null, order: await readBack(push.orderExternalId) };
}

async function waitForJob(client: ShopifyGraphqlClient, jobId: string, timing: CancelTiming): Promise<void> {
  for (let poll = 0; poll < timing.maxPolls; poll++) {
    await timing.sleep(timing.pollIntervalMs, client.ctx.signal);
    const job = objectAt((await client.request(JOB_STATUS, { id: jobId })).job);
    if (!job || job.done === true) return;
  }
}
