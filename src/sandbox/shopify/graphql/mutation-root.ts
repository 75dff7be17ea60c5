import { formatUtcZ, toSecond } from '../../common/time';
import { gid, IDS, parseGid } from '../ids';
import { cancel, fulfill, setQuantities } from '../mutations';
import { list, obj, str, type Args } from './args';
import type { GqlContext } from './context';
import { bulkView, subscriptionView } from './views-admin';
import { InventoryItemView, LocationView } from './views-catalog';
import { FulfillmentView } from './views-fulfillment';
import { derive, fulfillmentId } from '../derive';

export interface MutationOptions {
  /** Starts a bulk query; returns a user error message when the query is not acceptable. */
  startBulk: (query: string) => {
    op?: ReturnType<typeof bulkView>;
    errors: { field: string[] | null; message: string; code?: string }[];
  };
}

const numId = (value: unknown) => parseGid(value)?.id ?? NaN;

export function mutationRoot(ctx: GqlContext, opts: MutationOptions) {
  const store = ctx.store;
  return {
    fulfillmentCreate: (args: Args) => {
      const input = obj(args.fulfillment);
      const tracking = obj(input.trackingInfo);
      const requests = list(input.lineItemsByFulfillmentOrder).map((r) => {
        const o = obj(r);
        const lines =
          o.fulfillmentOrderLineItems === undefined || o.fulfillmentOrderLineItems === null
            ? undefined
            : list(o.fulfillmentOrderLineItems).map((l) => ({
                id: numId(obj(l).id),
                quantity: Number(obj(l).quantity),
              }));
        return { fulfillmentOrderId: numId(o.fulfillmentOrderId), ...(lines ? { lines } : {}) };
      });
      const number = str(tracking, 'number') ?? (list(tracking.numbers)[0] as string | undefined) ?? null;
      const url = str(tracking, 'url') ?? (list(tracking.urls)[0] as string | undefined) ?? null;
      const result = fulfill(store, requests, { company: str(tracking, 'company'), number, url });
      if ('errors' in result)
        return {
          fulfillment: null,
          userErrors: result.errors.map((e) => ({ field: e.field, message: e.message })),
        };
      return {
        fulfillment: new FulfillmentView(
          ctx,
          derive(result.slot, store.plan(result.slot), store.currency.code),
          result.seq,
        ),
        userErrors: [],
      };
    },
    fulfillmentTrackingInfoUpdate: (args: Args) => {
      const hit = store.slotByIndexedId(numId(args.fulfillmentId), IDS.fulfillment, 16);
      const plan = hit ? store.materialize(hit.slot).plan : null;
      const f = plan?.fulfillments.find((x) => hit && x.seq === hit.seq);
      if (!hit || !plan || !f)
        return {
          fulfillment: null,
          userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }],
        };
      const t = obj(args.trackingInfoInput);
      f.company = str(t, 'company') ?? f.company;
      f.number = str(t, 'number') ?? (list(t.numbers)[0] as string | undefined) ?? f.number;
      f.url = str(t, 'url') ?? (list(t.urls)[0] as string | undefined) ?? f.url;
      f.updatedAt = toSecond(Date.now());
      store.touch(hit.slot);
      store.webhooks.emit('FULFILLMENTS_UPDATE', () =>
        store.restOrder(hit.slot).fulfillments.find((x) => x.id === fulfillmentId(hit.slot, hit.seq)),
      );
      store.emitOrder(hit.slot, ['ORDERS_UPDATED']);
      return {
        fulfillment: new FulfillmentView(ctx, derive(hit.slot, plan, store.currency.code), hit.seq),
        userErrors: [],
      };
    },
    orderCancel: (args: Args) => {
      const slot = store.slotById(numId(args.orderId));
      if (!slot) {
        const errors = [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }];
        return {
          job: null,
          orderCancelUserErrors: errors,
          userErrors: errors.map(({ field, message }) => ({ field, message })),
        };
      }
      const errors = cancel(store, slot, {
        reason: str(args, 'reason') ?? 'OTHER',
        refund: args.refund === true,
        restock: args.restock === true,
        staffNote: str(args, 'staffNote'),
      });
      return {
        job: errors.length ? null : { id: gid('Job', crypto.randomUUID()), done: true },
        orderCancelUserErrors: errors.map((e) => ({
          field: e.field,
          message: e.message,
          code: e.code ?? 'INVALID',
        })),
        userErrors: errors.map(({ field, message }) => ({ field, message })),
      };
    },
    inventorySetQuantities: (args: Args) => {
      const input = obj(args.input);
      const quantities = list(input.quantities).map((q) => {
        const o = obj(q);
        return {
          inventoryItemId: numId(o.inventoryItemId),
          locationId: numId(o.locationId),
          quantity: Number(o.quantity),
          // 2026-04's changeFromQuantity is the same compare-and-swap as 2025-01's compareQuantity.
          compareQuantity:
            typeof o.changeFromQuantity === 'number'
              ? o.changeFromQuantity
              : typeof o.compareQuantity === 'number'
                ? o.compareQuantity
                : (o.compareQuantity as null | undefined),
        };
      });
      const result = setQuantities(store, {
        name: str(input, 'name') ?? '',
        reason: str(input, 'reason') ?? '',
        ignoreCompareQuantity:
          input.ignoreCompareQuantity === true ||
          list(input.quantities).every(
            (q) => 'changeFromQuantity' in obj(q) && obj(q).changeFromQuantity === null,
          ),
        quantities,
      });
      if (result.errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: result.errors };
      const now = Date.now();
      return {
        inventoryAdjustmentGroup: {
          id: gid('InventoryAdjustmentGroup', IDS.adjustmentGroup + now),
          createdAt: formatUtcZ(toSecond(now)),
          reason: str(input, 'reason'),
          referenceDocumentUri: str(input, 'referenceDocumentUri'),
          changes: result.changes.map((c) => ({
            name: c.name,
            delta: c.delta,
            quantityAfterChange: null,
            item: new InventoryItemView(ctx, c.variantIndex),
            location: new LocationView(ctx, c.location),
            ledgerDocumentUri: null,
          })),
        },
        userErrors: [],
      };
    },
    bulkOperationRunQuery: (args: Args) => {
      const r = opts.startBulk(str(args, 'query') ?? '');
      return { bulkOperation: r.op ?? null, userErrors: r.errors };
    },
    bulkOperationCancel: (args: Args) => {
      const op = store.bulk.cancel(numId(args.id));
      return op
        ? { bulkOperation: bulkView(op), userErrors: [] }
        : { bulkOperation: null, userErrors: [{ field: ['id'], message: 'Bulk operation does not exist' }] };
    },
    webhookSubscriptionCreate: (args: Args) => {
      const input = obj(args.webhookSubscription);
      const uriField = str(input, 'uri') ? 'uri' : 'callbackUrl';
      const url = str(input, uriField);
      const field = ['webhookSubscription', uriField];
      const fail = (message: string) => ({ webhookSubscription: null, userErrors: [{ field, message }] });
      if (!url) return fail("Address can't be blank");
      if (!/^https?:\/\/[^\s/$.?#].\S*$/i.test(url)) return fail('Address is invalid');
      const topic = str(args, 'topic') ?? '';
      if ([...store.webhooks.subscriptions.values()].some((s) => s.topic === topic && s.callbackUrl === url))
        return fail('Address for this topic has already been taken');
      const sub = store.webhooks.create(
        {
          topic,
          callbackUrl: url,
          format: str(input, 'format') === 'XML' ? 'XML' : 'JSON',
          includeFields: list(input.includeFields).filter((x): x is string => typeof x === 'string'),
          filter: str(input, 'filter'),
          apiVersion: ctx.version,
        },
        toSecond(Date.now()),
        IDS.webhook,
      );
      return { webhookSubscription: subscriptionView(sub), userErrors: [] };
    },
    webhookSubscriptionDelete: (args: Args) => {
      const id = numId(args.id);
      if (!store.webhooks.subscriptions.delete(id))
        return {
          deletedWebhookSubscriptionId: null,
          userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
        };
      return { deletedWebhookSubscriptionId: gid('WebhookSubscription', id), userErrors: [] };
    },
  };
}
