import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ChannelError } from '../../../core/errors';
import { isJsonObject, parseJsonExact, type JsonObject } from '../../../core/json';
import { httpOpen } from '../http';
import { SHOPIFY_PLATFORM } from '../platform';

export interface JsonlSource {
  timeoutMs: number;
  isPlainHttpAllowed: (host: string) => boolean;
  signal?: AbortSignal;
}

/**
 * The rows of a bulk result file, one at a time, read line by line from the HTTP stream: the file
 * is never held whole. The signed URL carries its own authorisation; no access token is sent.
 */
export async function* readJsonlRows(url: string, source: JsonlSource): AsyncGenerator<JsonObject> {
  const target = new URL(url);
  if (
    target.protocol !== 'https:' &&
    !(target.protocol === 'http:' && source.isPlainHttpAllowed(target.hostname))
  ) {
    throw new ChannelError('protocol', `the bulk result URL is not https (${target.origin})`, {
      platform: SHOPIFY_PLATFORM,
    });
  }
  const response = await httpOpen(url, {
    method: 'GET',
    headers: { accept: 'application/jsonl, application/json' },
    timeoutMs: source.timeoutMs,
    signal: source.signal,
  });
  if (!response.ok) {
    await response.body?.cancel();
    const gone = response.status === 403 || response.status === 404 || response.status === 410;
    throw new ChannelError(
      gone ? 'not_found' : response.status >= 500 ? 'unavailable' : 'rejected',
      gone
        ? `the bulk result file is gone (${response.status}): its link expires 7 days after the export`
        : `downloading the bulk result failed (${response.status})`,
      { platform: SHOPIFY_PLATFORM, status: response.status },
    );
  }
  if (!response.body) return;
  const lines = createInterface({
    input: Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = parseJsonExact(line);
    } catch (cause) {
      throw new ChannelError('protocol', `bulk result line ${lineNumber} is not JSON`, {
        platform: SHOPIFY_PLATFORM,
        cause,
      });
    }
    if (!isJsonObject(row)) {
      throw new ChannelError('protocol', `bulk result line ${lineNumber} is not an object`, {
        platform: SHOPIFY_PLATFORM,
      });
    }
    yield row;
  }
}
