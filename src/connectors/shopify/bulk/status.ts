import type { BulkExportStatus } from '../../../core/integration';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../core/json';

/**
 * A bulk operation's life as Shopify reports it (`BulkOperationStatus`), and what the hub sees:
 * CREATED → RUNNING → COMPLETED, or → FAILED / CANCELING → CANCELED / EXPIRED (results kept 7 days).
 */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['CREATED', 'RUNNING', 'CANCELING']);

export interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: number;
  url: string | null;
  partialDataUrl: string | null;
}

export function readBulkOperation(value: JsonValue | undefined): BulkOperation | null {
  if (value === undefined || !isJsonObject(value) || typeof value.id !== 'string') return null;
  const op: JsonObject = value;
  const text = (v: JsonValue | undefined) => (typeof v === 'string' && v !== '' ? v : null);
  const count = typeof op.objectCount === 'number' ? op.objectCount : Number(op.objectCount ?? 0);
  return {
    id: op.id as string,
    status: text(op.status) ?? 'CREATED',
    errorCode: text(op.errorCode),
    objectCount: Number.isFinite(count) ? count : 0,
    url: text(op.url),
    partialDataUrl: text(op.partialDataUrl),
  };
}

export function exportStatus(op: BulkOperation): BulkExportStatus {
  if (RUNNING_STATES.has(op.status))
    return { status: 'running', objectCount: op.objectCount, url: null, error: null };
  if (op.status === 'COMPLETED')
    return { status: 'completed', objectCount: op.objectCount, url: op.url, error: null };
  const why = op.errorCode ? `${op.status.toLowerCase()}: ${op.errorCode}` : op.status.toLowerCase();
  const partial = op.partialDataUrl ? ' (partial results exist but are not used)' : '';
  return {
    status: 'failed',
    objectCount: op.objectCount,
    url: null,
    error: `bulk operation ${why}${partial}`,
  };
}
