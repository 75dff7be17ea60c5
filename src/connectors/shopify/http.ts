import { ChannelError } from '../../core/errors';
import { SHOPIFY_PLATFORM } from './platform';

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** One HTTP exchange with the whole body read within the timeout; network failures and timeouts are `unavailable`. */
export async function httpExchange(url: string, request: HttpRequest): Promise<HttpAnswer> {
  return withTimeout(url, request, async (signal) => {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  });
}

/**
 * Opens a request and returns once the headers are in; the timeout covers only that part, so a
 * long body (a bulk JSONL file) can then be streamed for as long as it takes.
 */
export async function httpOpen(url: string, request: HttpRequest): Promise<Response> {
  return withTimeout(url, request, (signal) =>
    fetch(url, { method: request.method, headers: request.headers, body: request.body, signal }),
  );
}

/** Runs `run` with a signal that aborts on the caller's signal, or when `timeoutMs` passes before `run` settles. */
async function withTimeout<T>(
  url: string,
  request: HttpRequest,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const caller = request.signal;
  if (caller?.aborted) controller.abort(caller.reason);
  caller?.addEventListener('abort', () => controller.abort(caller.reason), { once: true });
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${request.timeoutMs} ms`)),
    request.timeoutMs,
  );
  try {
    return await run(controller.signal);
  } catch (cause) {
    throw networkError(url, cause, caller);
  } finally {
    clearTimeout(timer);
  }
}

function networkError(url: string, cause: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  const host = safeHost(url);
  return new ChannelError('unavailable', `could not reach Shopify at ${host}: ${describe(cause)}`, {
    platform: SHOPIFY_PLATFORM,
    cause,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
