/**
 * Errors the hub names. Channel errors say whether a retry can help and when; the queue layer
 * and the HTTP layer decide what to do from these fields alone, never from a platform's name.
 */
export abstract class HubError extends Error {
  abstract readonly code: string;
  readonly details: unknown[] = [];
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends HubError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    override readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends HubError {
  readonly code = 'not_found';
}

export class ConflictError extends HubError {
  readonly code = 'conflict';
}

export type ChannelErrorKind =
  | 'auth' // credentials revoked or lacking permission: needs a person, never retried blindly
  | 'rate_limited' // 429 / THROTTLED: retry after `retryAfterMs`
  | 'unavailable' // 5xx, timeouts, network errors: retry with backoff
  | 'not_found' // the resource is gone on the channel
  | 'rejected' // the channel refused the request as invalid (4xx): retrying will not help
  | 'protocol'; // the channel answered something that is not its API (an HTML page, garbage)

export class ChannelError extends HubError {
  readonly code: string;
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
    readonly meta: {
      platform: string;
      status?: number;
      channelCode?: string;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: meta.cause });
    this.code = `channel_${kind}`;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }

  get retryAfterMs(): number | undefined {
    return this.meta.retryAfterMs;
  }
}

/** A webhook whose signature was valid but whose body is not something the hub can read. */
export class WebhookPayloadError extends HubError {
  readonly code = 'unreadable_webhook';
}

export function isChannelError(error: unknown): error is ChannelError {
  return error instanceof ChannelError;
}
