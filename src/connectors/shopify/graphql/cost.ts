import type { JsonValue } from '../../../core/json';
import type { RateFeedback } from '../../../core/integration';
import { COST_DEFAULTS } from '../platform';

/** `extensions.cost` of a GraphQL answer [14]. */
export interface QueryCost {
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } | null;
}

function numberAt(value: JsonValue | undefined): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function objectAt(value: JsonValue | undefined): Record<string, JsonValue> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}

export function readQueryCost(extensions: JsonValue | undefined): QueryCost | null {
  const cost = objectAt(objectAt(extensions)?.cost);
  if (!cost) return null;
  const status = objectAt(cost.throttleStatus);
  const maximumAvailable = numberAt(status?.maximumAvailable);
  const currentlyAvailable = numberAt(status?.currentlyAvailable);
  const restoreRate = numberAt(status?.restoreRate);
  return {
    requestedQueryCost: numberAt(cost.requestedQueryCost),
    actualQueryCost: numberAt(cost.actualQueryCost),
    throttleStatus:
      maximumAvailable !== null && currentlyAvailable !== null && restoreRate !== null && restoreRate > 0
        ? { maximumAvailable, currentlyAvailable, restoreRate }
        : null,
  };
}

/** What the bucket says, for the rate gate. */
export function bucketFeedback(cost: QueryCost | null): RateFeedback | null {
  if (!cost?.throttleStatus) return null;
  return { kind: 'bucket', ...cost.throttleStatus };
}

/**
 * How long until the bucket holds what the refused query asked for:
 * (requested − currentlyAvailable) / restoreRate, at least one restore tick.
 */
export function throttledWaitMs(cost: QueryCost | null): number {
  const status = cost?.throttleStatus;
  const requested = cost?.requestedQueryCost;
  if (!status || requested === null || requested === undefined) return COST_DEFAULTS.fallbackRetryAfterMs;
  const missing = Math.max(0, requested - status.currentlyAvailable);
  return Math.max(Math.ceil((missing / status.restoreRate) * 1000), Math.ceil(1000 / status.restoreRate));
}
