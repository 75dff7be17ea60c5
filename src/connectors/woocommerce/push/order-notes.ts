import { isJsonObject } from '../../../core/json';
import type { WooClient } from '../http/client';
import { channelError } from '../http/errors';

/**
 * Order notes, added at most once: a push that is retried after its note went in (the status
 * change failed, say) finds the same text among the order's notes and writes nothing.
 */
export class OrderNotes {
  constructor(private readonly client: WooClient) {}

  async ensure(
    orderId: string,
    note: string,
    customerNote: boolean,
  ): Promise<{ id: string; created: boolean }> {
    const path = `orders/${encodeURIComponent(orderId)}/notes`;
    const existing = await this.client.send({
      method: 'get',
      path,
      what: `reading the notes of order ${orderId}`,
    });
    if (!Array.isArray(existing.body)) {
      throw channelError('protocol', `the notes of order ${orderId} are not a list`);
    }
    const same = existing.body.find(
      (entry) => isJsonObject(entry) && typeof entry.note === 'string' && entry.note.trim() === note,
    );
    if (same !== undefined && isJsonObject(same)) return { id: String(same.id), created: false };
    const created = await this.client.send({
      method: 'post',
      path,
      body: { note, customer_note: customerNote },
      what: `adding a note to order ${orderId}`,
    });
    return { id: isJsonObject(created.body) ? String(created.body.id) : '', created: true };
  }
}
