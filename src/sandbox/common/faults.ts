/** Switches that make a sandbox misbehave the way real stores and their hosts do. */
export interface RateLimitFault {
  /** How many requests are refused (default: all until `reset()`). */
  count?: number;
  retryAfterSeconds: number;
}

export interface ServerErrorFault {
  count: number;
  /** 500, 502, 503 … (default 503). */
  status?: number;
}

export interface HtmlFault {
  /** HTTP status of the HTML page (default 503, like WordPress maintenance mode; 200 is the nasty case). */
  status?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'serverError'; status: number }
  | { kind: 'html'; status: number };

export class Faults {
  private rate: { left: number; retryAfterSeconds: number } | null = null;
  private errors: { left: number; status: number } | null = null;
  private htmlPage: { status: number } | null = null;
  private delayMs = 0;

  rateLimit(fault: RateLimitFault): this {
    this.rate = { left: fault.count ?? Number.POSITIVE_INFINITY, retryAfterSeconds: fault.retryAfterSeconds };
    return this;
  }

  serverErrors(fault: ServerErrorFault): this {
    this.errors = { left: fault.count, status: fault.status ?? 503 };
    return this;
  }

  latencyMs(ms: number): this {
    this.delayMs = Math.max(0, ms);
    return this;
  }

  html(on: boolean | HtmlFault = true): this {
    this.htmlPage = on === false ? null : { status: on === true ? 503 : (on.status ?? 503) };
    return this;
  }

  reset(): this {
    this.rate = null;
    this.errors = null;
    this.htmlPage = null;
    this.delayMs = 0;
    return this;
  }

  get latency(): number {
    return this.delayMs;
  }

  /** Consumes one request's worth of faults and says what to serve instead, if anything. */
  next(): FaultDecision {
    if (this.htmlPage) return { kind: 'html', status: this.htmlPage.status };
    if (this.rate && this.rate.left > 0) {
      this.rate.left -= 1;
      return { kind: 'rateLimit', retryAfterSeconds: this.rate.retryAfterSeconds };
    }
    if (this.errors && this.errors.left > 0) {
      this.errors.left -= 1;
      return { kind: 'serverError', status: this.errors.status };
    }
    return { kind: 'none' };
  }
}
