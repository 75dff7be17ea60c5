/** What travels through the ingest queue for one verified delivery. */
export interface IngestJobData {
  integrationId: string;
  platform: string;
  topic: string;
  deliveryKey: string;
  eventKey: string | null;
  /** ms since epoch, when the hub received the delivery (ingest lag is measured from here). */
  receivedAt: number;
  headers: Record<string, string>;
  /** The exact body bytes, base64. */
  body: string;
  /** Set when the delivery came through the PostgreSQL inbox and is already recorded. */
  deliveryRowId?: string;
  /** Set by replay: re-run even though the delivery was processed before. */
  replay?: boolean;
}

/** Headers worth keeping with a raw delivery (signatures are kept too: they prove what was received). */
export function keptHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith('x-') || lower === 'content-type' || lower === 'user-agent') {
      kept[lower] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return kept;
}
