import { isUtf8 } from 'node:buffer';

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
  /** The exact body bytes: as text when they are valid UTF-8 (almost always), else base64. */
  body: string;
  bodyEncoding?: 'utf8' | 'base64';
  /** Set when the delivery came through the PostgreSQL inbox and is already recorded. */
  deliveryRowId?: string;
  /** Set by replay: re-run even though the delivery was processed before. */
  replay?: boolean;
}

export function encodeBody(raw: Buffer): { body: string; bodyEncoding: 'utf8' | 'base64' } {
  return isUtf8(raw)
    ? { body: raw.toString('utf8'), bodyEncoding: 'utf8' }
    : { body: raw.toString('base64'), bodyEncoding: 'base64' };
}

export function decodeBody(job: Pick<IngestJobData, 'body' | 'bodyEncoding'>): Buffer {
  return Buffer.from(job.body, job.bodyEncoding === 'utf8' ? 'utf8' : 'base64');
}

/** Headers worth keeping with a raw delivery (signatures are kept too: they prove what was received). */
export function keptHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
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
