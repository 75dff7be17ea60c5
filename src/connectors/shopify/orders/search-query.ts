import type { OrderWindow } from '../../../core/integration';
import { formatUtc } from '../../../core/time';

/** Shopify search syntax for a half-open window of update times: `from <= updated_at < to`. */
export function updatedAtQuery(window: OrderWindow): string {
  return `updated_at:>='${formatUtc(window.from)}' AND updated_at:<'${formatUtc(window.to)}'`;
}
